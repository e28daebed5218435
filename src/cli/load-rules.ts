// Which rules a command runs: the built-in catalog, plus or instead of the user's rule files.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_FILE_LIMIT, readBoundedFile } from '../config/bounded-file.js';
import { loadBuiltinRulesQuickly } from '../detect/builtin-rules.js';
import { UsageError } from '../errors.js';
import type { Rule } from '../types.js';

function expand(path: string): string[] {
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(path);
  } catch (err) {
    throw new UsageError('USAGE_BAD_VALUE', `--rules: cannot read ${path}: ${(err as Error).message}`);
  }
  if (!info.isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(path, name));
}

/**
 * Loads the rule set for a run; `extra` are files or directories of YAML rule files. The YAML
 * loader is imported only when there is YAML to read, so a pre-commit hook with the built-in
 * rules never loads the parser. With `docs: false` the built-in rules may come without their
 * description, revoke and references (loadBuiltinRulesQuickly).
 */
export async function loadRuleSet(extra: string[], builtin: boolean, { docs = true } = {}): Promise<Rule[]> {
  const files = extra.flatMap(expand);
  const own =
    files.length > 0
      ? (await import('../detect/rule-load.js')).loadRuleFiles(files, { read: (f) => readBoundedFile(f, RULE_FILE_LIMIT) })
      : [];
  const rules = [...(builtin ? await loadBuiltinRulesQuickly({ docs }) : []), ...own];
  if (rules.length === 0) throw new UsageError('USAGE_NO_RULES', 'no rules to run: --no-builtin-rules needs --rules');
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.id)) throw new UsageError('USAGE_DUPLICATE_RULE', `rule id ${r.id} is defined twice (${r.file})`);
    seen.add(r.id);
  }
  return rules;
}
