// Which rules a command runs: the built-in catalog, plus or instead of the user's rule files.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_FILE_LIMIT, readBoundedFile } from '../config/bounded-file.js';
import { loadBuiltinRules, loadRuleFiles } from '../detect/rule-load.js';
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

/** Loads the rule set for a run; `extra` are files or directories of YAML rule files. */
export function loadRuleSet(extra: string[], builtin: boolean): Rule[] {
  const files = extra.flatMap(expand);
  const rules = [...(builtin ? loadBuiltinRules() : []), ...(files.length > 0 ? loadRuleFiles(files, { read: (f) => readBoundedFile(f, RULE_FILE_LIMIT) }) : [])];
  if (rules.length === 0) throw new UsageError('USAGE_NO_RULES', 'no rules to run: --no-builtin-rules needs --rules');
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.id)) throw new UsageError('USAGE_DUPLICATE_RULE', `rule id ${r.id} is defined twice (${r.file})`);
    seen.add(r.id);
  }
  return rules;
}
