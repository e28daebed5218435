// Rules that match files by name (a PKCS#12 keystore, a KeePass database, a Terraform state
// file): the content is often binary or has no fixed text, so the name is what gives it away.
// Git history names files only inside tree objects, so the scanner asks of each tree whether a
// keyword occurs in its raw bytes (one pass, most trees stop there) before parsing its entries.
import type { Match, Rule } from '../types.js';
import { type ByteRegex, type ByteRegexSet, compileByteRegex, compileByteRegexSet, escapeLiteral } from './re2.js';

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
  const keywords = [...new Set(named.flatMap((n) => n.rule.keywords.map((k) => escapeLiteral(k.toLowerCase()))))];
  const set: ByteRegexSet | null = keywordless || keywords.length === 0 ? null : compileByteRegexSet(keywords, true);
  return {
    size: named.length,
    mayMatch: (bytes) => named.length > 0 && (set === null || set.matching(bytes).length > 0),
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
