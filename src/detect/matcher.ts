// The scanner's core: bytes in, matches out. It knows nothing of where a blob came from.
// Pipeline per blob: text kind (binary skip, UTF-16 decode) → tags files skipped → keyword
// prefilter → each selected rule's RE2 pattern over the raw bytes → secret group → placeholder
// list (counted) → entropy gate → allow regexes → analyzer (may drop, sets the tier) →
// catch-alls keep only machine-made values (src/detect/token-efficiency.ts) → validator (a
// failed check lowers confidence, never drops; a passed one raises a vendor rule's to high) →
// overlap (the more specific rule keeps bytes two rules matched, src/detect/specificity.ts) →
// files that are not code lose their catch-all matches → line/column, inline suppression, snippet.
import { RuleError } from '../errors.js';
import type { Confidence, Match, Rule, Validation } from '../types.js';
import { type AllowCheck, compileAllow } from './allow.js';
import { ANALYZERS, type Analyzer } from './analyzers.js';
import { classifyNotCode, isTagsFile, type NotCodeKind } from './file-kind.js';
import { compileFileNameRules, type FileNameRules } from './file-name-rules.js';
import { computeEntropy } from './entropy.js';
import { resolveDeferred } from './deferred-check.js';
import { findLineEnd, findLineStart, LineCursor, type LinePosition } from './line-index.js';
import { compilePrefilter, type Prefilter } from './prefilter.js';
import { type ByteMatch, type ByteRegex, compileByteRegex } from './re2.js';
import { isPlaceholder } from './placeholders.js';
import { extractSnippet } from './snippet.js';
import { isCatchAll, specificityOf } from './specificity.js';
import { looksMachineMade } from './token-efficiency.js';
import { type TokenWords, tokensByRuns } from './token-run.js';
import { hasSuppressionMarker } from './suppression.js';
import { classifyText, decodeUtf16, viewAsBuffer } from './text-decode.js';
import { VALIDATORS, type Validator } from './validators.js';

/** A rule ready to run: its pattern, allow check and validator compiled once. */
interface CompiledRule {
  rule: Rule;
  regex: ByteRegex;
  allow: AllowCheck;
  validator: Validator | undefined;
  analyzer: Analyzer | undefined;
}

/**
 * Rules compiled for scanning. Immutable after creation, so one instance serves every blob of a
 * worker thread (each worker compiles its own: RE2 objects cannot cross threads).
 */
export interface CompiledRules {
  /** The content rules (those with a pattern), in the prefilter's order. */
  readonly rules: readonly CompiledRule[];
  readonly prefilter: Prefilter;
  /** The rules that match by file name. */
  readonly names: FileNameRules;
}

/** What one blob produced. */
export interface BlobScan {
  /** Matches, ordered by offset then rule id. */
  matches: Match[];
  /** Matches dropped by an inline suppression marker on their line, or as placeholders. */
  suppressed: number;
  /** True when the blob was skipped as binary (then there are no matches). */
  binary: boolean;
  /**
   * Set for a file that is not code: a tags file (skipped, no matches), or a lock file, bundle
   * or generated API reference whose generic and entropy matches were left out.
   */
  notCode?: NotCodeKind;
}

/** A match that passed the secret-level checks and still needs its place in the blob. */
interface Candidate {
  rule: CompiledRule;
  /** The rule's specificity (lower wins where two candidates share bytes). */
  level: number;
  /** A catch-all's candidate whose machine-made check is still to be made (deferred-check.ts). */
  pending: boolean;
  matchStart: number;
  matchEnd: number;
  start: number;
  end: number;
  secret: string;
  entropy: number;
  confidence: Confidence;
  validation: Validation;
}

function fail(rule: Rule, message: string): never {
  throw new RuleError('RULE_INVALID', `${rule.file}: rule ${rule.id}: ${message}`, {
    file: rule.file,
    rule: rule.id,
  });
}

function compilePattern(rule: Rule): ByteRegex {
  try {
    return compileByteRegex(rule.pattern);
  } catch (err) {
    fail(rule, `pattern does not compile under RE2: ${(err as Error).message}`);
  }
}

function compileAllowOf(rule: Rule): AllowCheck {
  try {
    return compileAllow(rule.allow);
  } catch (err) {
    fail(rule, `allow pattern does not compile under RE2: ${(err as Error).message}`);
  }
}

function validatorOf(rule: Rule): Validator | undefined {
  const validator = rule.validate === undefined ? undefined : VALIDATORS[rule.validate];
  if (rule.validate !== undefined && validator === undefined) fail(rule, `unknown validator "${rule.validate}"`);
  return validator;
}

function analyzerOf(rule: Rule): Analyzer | undefined {
  const analyzer = rule.analyzer === undefined ? undefined : ANALYZERS[rule.analyzer];
  if (rule.analyzer !== undefined && analyzer === undefined) fail(rule, `unknown analyzer "${rule.analyzer}"`);
  return analyzer;
}

function compileRule(rule: Rule): CompiledRule {
  const regex = compilePattern(rule);
  const allow = compileAllowOf(rule);
  if (rule.secretGroup > regex.groupCount) {
    fail(rule, `secretGroup ${rule.secretGroup} but the pattern has ${regex.groupCount} group(s)`);
  }
  return { rule, regex, allow, validator: validatorOf(rule), analyzer: analyzerOf(rule) };
}

// A rule compiled on first use, for a rule that passed the load-time checks (secret group,
// validator, analyzer): most rules never pass the keyword prefilter of a small scan (a pre-commit
// hook's few files), so compiling all of them up front would be most of its time, and most that
// do never match, so their allow lists (several regexes each) are compiled only for a match.
// A class, so the getters are its prototype's: an object literal with getters made five
// closures and four accessor pairs for each of the 960 content rules on every start.
class CompiledOnFirstUse implements CompiledRule {
  #regex: ByteRegex | undefined;
  #allow: AllowCheck | undefined;

  constructor(readonly rule: Rule) {}

  get regex(): ByteRegex {
    this.#regex ??= compilePattern(this.rule);
    return this.#regex;
  }

  get allow(): AllowCheck {
    this.#allow ??= compileAllowOf(this.rule);
    return this.#allow;
  }

  get validator(): Validator | undefined {
    return validatorOf(this.rule);
  }

  get analyzer(): Analyzer | undefined {
    return analyzerOf(this.rule);
  }
}

function compileOnFirstUse(rule: Rule): CompiledRule {
  return new CompiledOnFirstUse(rule);
}

/**
 * Compiles rules once for many {@link scanBlob} calls. With `lazy`, each rule's regexes are
 * compiled when a blob first selects it, for rules already checked at load (errors then surface
 * mid-scan instead of here).
 * @throws RuleError `RULE_INVALID` for a pattern or allow regex RE2 rejects, a missing secret
 * group, an unknown validator or a duplicate id.
 */
export function compileRules(rules: Rule[], options: { lazy?: boolean } = {}): CompiledRules {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) fail(rule, 'duplicate rule id');
    seen.add(rule.id);
  }
  const content = rules.filter((r) => r.filename === undefined);
  const compile = options.lazy ? compileOnFirstUse : compileRule;
  return { rules: content.map((rule) => compile(rule)), prefilter: compilePrefilter(content), names: compileFileNameRules(rules) };
}

/** The matches of filename rules for a file called `name` (a base name) holding blob `blobId`. */
export function matchFileName(compiled: CompiledRules, name: string, blobId: string): Match[] {
  return compiled.names.match(name, blobId);
}

// A rule whose secret is a word of a known length (the bare AWS secret key) runs only around
// such words, the byte before and after included for its boundary checks: a second full pass
// for it cost as much as every other rule together on minified bundles.
function findMatches(cr: CompiledRule, buf: Buffer, words: TokenWords): ByteMatch[] {
  const n = cr.rule.tokenLength;
  if (n === undefined) return cr.regex.findAll(buf);
  return words.find(n).flatMap((at) => cr.regex.findAll(buf, Math.max(0, at - 1), Math.min(buf.length, at + n + 1)));
}

// Whether a match's secret stands, and how sure it is; null drops it. `dropped.placeholders`
// counts secrets that are stand-ins (src/detect/placeholders.ts).
function judge(
  cr: CompiledRule,
  secret: string,
  dropped: { placeholders: number },
): Pick<Candidate, 'entropy' | 'confidence' | 'validation' | 'pending'> | null {
  if (cr.rule.kind === 'secret' && isPlaceholder(secret)) {
    dropped.placeholders++;
    return null;
  }
  const entropy = computeEntropy(secret);
  if (cr.rule.minEntropy !== undefined && entropy < cr.rule.minEntropy) return null;
  if (cr.allow(secret)) return null;
  let confidence = cr.rule.confidence;
  if (cr.analyzer) {
    const tier = cr.analyzer(secret);
    if (tier === null) return null;
    confidence = tier;
  }
  // Catch-alls keep only values that look machine-made: the dearest check, so it is made last,
  // once shadowing is known (deferred-check.ts).
  const pending = isCatchAll(cr.rule);
  if (!cr.validator) return { entropy, confidence, validation: 'unchecked', pending };
  const validation: Validation = cr.validator(secret) ? 'valid' : 'invalid';
  if (validation === 'invalid') confidence = 'low';
  else if (specificityOf(cr.rule) === 0) confidence = 'high';
  return { entropy, confidence, validation, pending };
}

// One rule's candidates in `buf`: one per distinct secret start.
function ruleCandidates(cr: CompiledRule, buf: Buffer, words: TokenWords, dropped: { placeholders: number }, out: Candidate[]): void {
  const seenStarts = new Set<number>();
  for (const m of findMatches(cr, buf, words)) {
    const span = m.groups[cr.rule.secretGroup];
    if (span === undefined || span[1] === span[0] || seenStarts.has(span[0])) continue;
    seenStarts.add(span[0]);
    const secret = buf.toString('utf8', span[0], span[1]);
    const judged = judge(cr, secret, dropped);
    if (judged === null) continue;
    out.push({
      rule: cr,
      level: specificityOf(cr.rule),
      matchStart: m.start,
      matchEnd: m.end,
      start: span[0],
      end: span[1],
      secret,
      ...judged,
    });
  }
}

function collectCandidates(compiled: CompiledRules, buf: Buffer, words: TokenWords, dropped: { placeholders: number }): Candidate[] {
  const out: Candidate[] = [];
  for (const ruleIdx of compiled.prefilter.selectRules(buf, words))
    ruleCandidates(compiled.rules[ruleIdx] as CompiledRule, buf, words, dropped, out);
  const checked = resolveDeferred(out, (c) => looksMachineMade(c.secret));
  return checked.some((c) => c.level > 0) ? dropShadowed(checked) : checked;
}

// Catch-alls yield: where a rule that knows the format found the same bytes, that rule's finding
// says more, and two findings for one secret say less (src/detect/specificity.ts orders them).
function dropShadowed(candidates: Candidate[]): Candidate[] {
  return candidates.filter((c) => c.level === 0 || !candidates.some((e) => e.level < c.level && e.start < c.end && c.start < e.end));
}

function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.start !== b.start) return a.start - b.start;
  return a.rule.rule.id < b.rule.rule.id ? -1 : a.rule.rule.id > b.rule.rule.id ? 1 : 0;
}

// Suppression looks at every line the whole match touches (a marker may sit on the key's line
// while the secret is on the next). The secret's own line comes from the cursor; only a match
// that spills onto other lines costs extra searching. Cached because many matches share a line.
function checkSuppressed(buf: Buffer, c: Candidate, pos: LinePosition, cache: Map<string, boolean>): boolean {
  const from = c.matchStart >= pos.lineStart ? pos.lineStart : findLineStart(buf, c.matchStart);
  const last = Math.max(c.matchStart, c.matchEnd - 1);
  const to = last <= pos.lineEnd ? pos.lineEnd : findLineEnd(buf, last);
  const key = `${from}:${to}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = hasSuppressionMarker(buf, from, to);
    cache.set(key, hit);
  }
  return hit;
}

/**
 * Scans one blob. Offsets are bytes of the blob as given, except for UTF-16 blobs, which are
 * scanned (and their offsets, lines and columns computed) as their UTF-8 re-encoding.
 * Invalid UTF-8 is scanned as raw bytes; only secrets and snippets are decoded (with U+FFFD).
 */
export function scanBlob(compiled: CompiledRules, data: Uint8Array, blobId: string): BlobScan {
  const text = readText(data);
  return Buffer.isBuffer(text) ? scanText(compiled, text, blobId) : text;
}

/**
 * The bytes a blob is scanned as (UTF-16 re-encoded as UTF-8), or its whole scan when there is
 * nothing to scan: a binary blob, or a tags file (it repeats the code's own lines).
 */
export function readText(data: Uint8Array): Buffer | BlobScan {
  const kind = classifyText(data);
  if (kind === 'binary') return { matches: [], suppressed: 0, binary: true };
  const buf = kind === 'utf8' ? viewAsBuffer(data) : decodeUtf16(data, kind);
  if (isTagsFile(buf)) return { matches: [], suppressed: 0, binary: false, notCode: 'tags' };
  return buf;
}

/** Scans text that {@link readText} gave; `words` finds its words of a length (the decoding layer's runs). */
export function scanText(compiled: CompiledRules, buf: Buffer, blobId: string, words: TokenWords = tokensByRuns(buf)): BlobScan {
  const dropped = { placeholders: 0 };
  let candidates = collectCandidates(compiled, buf, words, dropped);
  // Only a blob where a catch-all matched is classified: that is rare, and the check costs a
  // look at the head and the line lengths.
  let notCode: NotCodeKind | null = null;
  if (candidates.some((c) => isCatchAll(c.rule.rule))) {
    notCode = classifyNotCode(buf);
    if (notCode !== null) candidates = candidates.filter((c) => !isCatchAll(c.rule.rule));
  }
  const tail = notCode === null ? {} : { notCode };
  if (candidates.length === 0) return { matches: [], suppressed: dropped.placeholders, binary: false, ...tail };

  candidates.sort(compareCandidates);
  const cursor = new LineCursor(buf);
  const suppressionCache = new Map<string, boolean>();
  const matches: Match[] = [];
  let suppressed = dropped.placeholders;
  for (const c of candidates) {
    const pos = cursor.locate(c.start);
    if (checkSuppressed(buf, c, pos, suppressionCache)) {
      suppressed++;
      continue;
    }
    matches.push({
      ruleId: c.rule.rule.id,
      blobId,
      secret: c.secret,
      start: c.start,
      end: c.end,
      line: pos.line,
      column: pos.column,
      confidence: c.confidence,
      validation: c.validation,
      entropy: c.entropy,
      snippet: extractSnippet(buf, pos.lineStart, pos.lineEnd, c.start, c.end),
    });
  }
  return { matches, suppressed, binary: false, ...tail };
}
