// A rule's `allow` regexes mark documented placeholders (AWS's AKIAIOSFODNN7EXAMPLE, "changeme",
// ${VAR}) that fit the pattern but are not secrets. They run only on a candidate's secret text,
// never on the blob, so their cost is per match.
import { type ByteRegex, compileByteRegex } from './re2.js';

/** Tells whether a secret is an allowed placeholder for one rule. */
export type AllowCheck = (secret: string) => boolean;

const NEVER: AllowCheck = () => false;

/**
 * Joins a rule's allow regexes into one RE2 pattern, so each candidate is tested once.
 * @throws RegexSyntaxError when one of them does not compile.
 */
export function compileAllow(patterns: string[]): AllowCheck {
  if (patterns.length === 0) return NEVER;
  for (const p of patterns) compileByteRegex(p);
  const joined: ByteRegex = compileByteRegex(patterns.map((p) => `(?:${p})`).join('|'));
  return (secret) => joined.test(secret);
}
