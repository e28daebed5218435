// Rules that match files by name (a PKCS#12 keystore, a KeePass database, a Terraform state
// file): the content is often binary or has no fixed text, so the name is what gives it away.
// Git history names files only inside tree objects, so the scanner asks of each tree whether a
// keyword occurs in its raw bytes (one pass of one regex, most trees stop there) before parsing
// its entries.
import type { Match, Rule } from '../types.js';
import { type ByteRegex, compileByteRegex, escapeLiteral } from './re2.js';

/** A filename rule ready to run. */
interface NameRule {
  rule: Rule;
  regex: ByteRegex;
}

/** The filename rules of a rule set, compiled. */
export interface FileNameRules {
  /** Number of filename rules; 0 means nothing to check. */
  readonly size: number;
  /** Whether `bytes` (a tree object, a path) may hold a name some rule matches: a keyword occurs. */
  mayMatch(bytes: Buffer): boolean;
  /** The matches of a file's base name, each standing for the blob `blobId`. */
  match(name: string, blobId: string): Match[];
}

// A run compiles these for itself and, when it scans on its own thread (a staged change, one
// file), its scanner compiles them again from the same rule list: once per list is enough, as
// what is compiled never changes.
const compiledFor = new WeakMap<readonly Rule[], FileNameRules>();

/** Compiles the rules that have `filename`; the others are ignored. Once per list `rules`. */
export function compileFileNameRules(rules: readonly Rule[]): FileNameRules {
  let compiled = compiledFor.get(rules);
  if (compiled === undefined) {
    compiled = compileNamed(rules);
    compiledFor.set(rules, compiled);
  }
  return compiled;
}

function compileNamed(rules: readonly Rule[]): FileNameRules {
  const named: NameRule[] = rules
    .filter((r) => r.filename !== undefined)
    .map((rule) => ({ rule, regex: compileByteRegex(rule.filename as string) }));
  const keywordless = named.some((n) => n.rule.keywords.length === 0);
  const keywords = [...new Set(named.flatMap((n) => n.rule.keywords.map((k) => k.toLowerCase())))];
  const any: ByteRegex | null = keywordless || keywords.length === 0 ? null : compileByteRegex(anyKeyword(keywords));
  return {
    size: named.length,
    mayMatch: (bytes) => named.length > 0 && (any === null || any.test(bytes)),
    match(name, blobId) {
      const out: Match[] = [];
      for (const { rule, regex } of named) {
        if (!regex.test(name)) continue;
        // The blob is the secret: the same keystore under two names is one finding, a new one
        // under an old name is another.
        out.push({
          ruleId: rule.id,
          blobId,
          secret: blobId,
          start: 0,
          end: 0,
          line: 0,
          column: 0,
          confidence: rule.confidence,
          validation: 'unchecked',
          entropy: 0,
          snippet: name,
        });
      }
      return out;
    },
  };
}

/**
 * One pattern that matches where any of `keywords` occurs, case-insensitively. Every tree of a
 * history goes through it (git.git: 11 of 139 CPU-s as an RE2::Set of the eight built-in
 * keywords, 700 MB/s); one regex is 2.5 GB/s, and 4.4 GB/s with a first byte all keywords share
 * and case cannot change (the built-in keywords' `.`) taken out of the case-insensitive part,
 * as RE2 then skips to that byte with memchr.
 */
export function anyKeyword(keywords: readonly string[]): string {
  const first = keywords[0]?.charCodeAt(0);
  const caseless = first !== undefined && first < 0x80 && !/[a-z]/i.test(String.fromCharCode(first));
  if (caseless && keywords.every((k) => k.charCodeAt(0) === first)) {
    const rest = keywords.map((k) => escapeLiteral(k.slice(1)));
    return `${escapeLiteral(String.fromCharCode(first))}(?i:${rest.join('|')})`;
  }
  return `(?i:${keywords.map(escapeLiteral).join('|')})`;
}

/** The base name of a `/`-separated path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

// Compiled name patterns by source text, for fileNameMatches: findings are grouped on the main
// thread, where the workers' compiled rules are out of reach.
const namePatterns = new Map<string, ByteRegex>();

/** Whether a filename rule's pattern matches `name` (a base name); false for a content rule. */
export function fileNameMatches(rule: Pick<Rule, 'filename'>, name: string): boolean {
  if (rule.filename === undefined) return false;
  let regex = namePatterns.get(rule.filename);
  if (!regex) {
    regex = compileByteRegex(rule.filename);
    namePatterns.set(rule.filename, regex);
  }
  return regex.test(name);
}
