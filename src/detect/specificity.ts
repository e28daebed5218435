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
  if (rule.analyzer !== undefined) return 3;
  if (!rule.fallback) return 0;
  return rule.id.startsWith('generic.') ? 2 : 1;
}
