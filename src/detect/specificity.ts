// How specific a rule is, for "specific before generic": where two rules report the same secret,
// the more specific one keeps it. A vendor rule knows the format (0); a structured catch-all
// knows the container (a kubeconfig user, a URL's userinfo, a .netrc entry: 1); the generic
// family knows only that a credential-like name was given a value (2); an analyzer rule knows
// only that the value looks random (3).
import type { Rule } from '../types.js';

/** Lower is more specific. */
export type Specificity = 0 | 1 | 2 | 3;

/** The specificity of a rule, from its `analyzer` and `fallback` fields and its family. */
export function specificityOf(rule: Pick<Rule, 'id' | 'analyzer' | 'fallback'>): Specificity {
  // A fallback rule may use an analyzer to judge its value and stays a fallback.
  if (rule.fallback) return rule.id.startsWith('generic.') ? 2 : 1;
  return rule.analyzer === undefined ? 0 : 3;
}

/**
 * The generic and entropy families: rules that know only a credential-like name and a value.
 * They are at most medium severity (rule-fields.ts) and do not read files that are not code
 * (file-kind.ts).
 */
export function isCatchAll(rule: Pick<Rule, 'id'>): boolean {
  return /^(?:generic|entropy)\./.test(rule.id);
}
