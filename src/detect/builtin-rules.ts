// The quick way to the built-in rules for a run: the snapshot (no YAML parser) when it matches the
// detector files, else the YAML itself. Apart from rule-snapshot.ts so that neither that file nor
// rule-load.ts imports the other.
import type { Rule } from '../types.js';
import { BUILTIN_RULES_DIR, readRuleSnapshot } from './rule-snapshot.js';

/**
 * The built-in rules for a scan, from the snapshot when it matches, else parsed from the YAML (the
 * parser is loaded only then). From the snapshot they come without their examples, which only
 * `rules check` reads (loadBuiltinRules in rule-load.ts), and with `docs: false` without their
 * description, revoke and references, which only a SARIF report and the rule listing show.
 * Patterns are not compiled.
 */
export async function loadBuiltinRulesQuickly({ docs = true } = {}): Promise<Rule[]> {
  const rules = readRuleSnapshot(BUILTIN_RULES_DIR, undefined, { examples: false, docs });
  if (rules !== null) return rules;
  const { loadRuleFiles } = await import('./rule-load.js');
  return loadRuleFiles([BUILTIN_RULES_DIR], { compile: false });
}
