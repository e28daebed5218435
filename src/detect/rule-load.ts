// Loads rule files (detectors/*.yaml and user files) with strict validation: unknown keys,
// missing keys, wrong types, bad ids, duplicate ids and patterns RE2 rejects all stop loading
// with a RuleError that names the file, the line and the key.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'yaml';
import { RuleError } from '../errors.js';
import type { Rule } from '../types.js';
import { compileByteRegex } from './re2.js';
import { invalidRule, type NodePlace, type ReadRule, readRule, ruleReader } from './rule-fields.js';
import { isMap, isSeq, parseStrictYaml } from './strict-yaml.js';
import { hasAnalyzer } from './analyzers.js';
import { BUILTIN_RULES_DIR, readRuleSnapshot } from './rule-snapshot.js';
import { hasValidator } from './validators.js';

/** The built-in rules folder: the package root is two levels above src/detect and dist/detect. */
export { BUILTIN_RULES_DIR };

/** Reads a rule file's text; user rule files are read through a bounded reader (see cli/load-rules). */
export type RuleFileReader = (file: string) => string;

const readWhole: RuleFileReader = (file) => readFileSync(file, 'utf8');

function readText(file: string, read: RuleFileReader): string {
  try {
    return read(file);
  } catch (err) {
    throw new RuleError('RULE_FILE_UNREADABLE', `cannot read rule file ${file}: ${(err as Error).message}`, { file });
  }
}

function parseRuleNodes(file: string, text: string): { place: NodePlace; items: unknown[] } {
  const parsed = parseStrictYaml(text, (line, key, problem) => invalidRule({ file }, line, key, null, problem));
  const place: NodePlace = { file, ...parsed };
  const r = ruleReader(place, null);
  const root = parsed.doc.contents;
  if (!isMap(root)) throw r.error(root as Node, null, 'expected a mapping with a "rules" list');
  r.fields(root, ['rules'], 'unknown top-level key (only "rules")');
  const rules = root.get('rules', true);
  if (!isSeq(rules)) throw r.error(root, 'rules', 'expected a list of rules');
  return { place, items: rules.items };
}

// What the matcher would reject later is rejected here, where the line is still known.
function checkCompiles(place: NodePlace, read: ReadRule): void {
  const { rule, lineOfKey } = read;
  const key = rule.filename === undefined ? 'pattern' : 'filename';
  let groups: number;
  try {
    groups = compileByteRegex(rule.filename ?? rule.pattern).groupCount;
  } catch (err) {
    const message = `does not compile under RE2: ${(err as Error).message}`;
    throw invalidRule(place, lineOfKey(key), key, rule.id, message);
  }
  if (rule.secretGroup > groups) {
    const message = `group ${rule.secretGroup} but the pattern has ${groups}`;
    throw invalidRule(place, lineOfKey('secretGroup'), 'secretGroup', rule.id, message);
  }
  if (rule.gate !== undefined) {
    try {
      compileByteRegex(rule.gate);
    } catch (err) {
      throw invalidRule(place, lineOfKey('gate'), 'gate', rule.id, `does not compile under RE2: ${(err as Error).message}`);
    }
  }
  for (const allow of rule.allow) {
    try {
      compileByteRegex(allow);
    } catch (err) {
      const message = `"${allow}" does not compile under RE2: ${(err as Error).message}`;
      throw invalidRule(place, lineOfKey('allow'), 'allow', rule.id, message);
    }
  }
  if (rule.validate !== undefined && !hasValidator(rule.validate)) {
    throw invalidRule(place, lineOfKey('validate'), 'validate', rule.id, `unknown validator "${rule.validate}"`);
  }
  if (rule.analyzer !== undefined && !hasAnalyzer(rule.analyzer)) {
    throw invalidRule(place, lineOfKey('analyzer'), 'analyzer', rule.id, `unknown analyzer "${rule.analyzer}"`);
  }
}

function loadFile(file: string, seen: Map<string, string>, compile: boolean, read: RuleFileReader): Rule[] {
  const { place, items } = parseRuleNodes(file, readText(file, read));
  return items.map((item) => {
    const read = readRule(place, item);
    const { rule } = read;
    const first = seen.get(rule.id);
    if (first !== undefined) {
      throw invalidRule(place, read.lineOfKey('id'), 'id', rule.id, `duplicate rule id (first defined in ${first})`);
    }
    seen.set(rule.id, file);
    if (compile) checkCompiles(place, read);
    return rule;
  });
}

function expandPath(path: string): string[] {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return [path]; // readText reports it
  }
  if (!isDir) return [path];
  return readdirSync(path)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(path, name));
}

/**
 * Loads rules from YAML files (a directory stands for its *.yaml and *.yml files, sorted).
 * Ids must be unique across all the given files.
 * @throws RuleError `RULE_INVALID` (names file, line, key) or `RULE_FILE_UNREADABLE`.
 */
export function loadRuleFiles(paths: string[], options: { compile?: boolean; read?: RuleFileReader } = {}): Rule[] {
  const seen = new Map<string, string>();
  return paths.flatMap(expandPath).flatMap((file) => loadFile(file, seen, options.compile ?? true, options.read ?? readWhole));
}

/** A rule file, or one rule in it, that does not load; the message names file, line and key. */
export interface LoadProblem {
  file: string;
  message: string;
}

/**
 * For `rules check`: every rule of `paths` that loads, uncompiled (the checker compiles and
 * reports each pattern itself), and one problem for each file or rule that does not, so a rule
 * author sees every mistake in one run instead of one per run.
 */
export function loadRuleFilesForCheck(paths: string[], read: RuleFileReader = readWhole): { rules: Rule[]; problems: LoadProblem[] } {
  const rules: Rule[] = [];
  const problems: LoadProblem[] = [];
  for (const file of paths.flatMap(expandPath)) {
    let parsed: ReturnType<typeof parseRuleNodes>;
    try {
      parsed = parseRuleNodes(file, readText(file, read));
    } catch (err) {
      problems.push({ file, message: (err as Error).message });
      continue;
    }
    for (const item of parsed.items) {
      try {
        rules.push(readRule(parsed.place, item).rule);
      } catch (err) {
        problems.push({ file, message: (err as Error).message });
      }
    }
  }
  return { rules, problems };
}

/**
 * Loads the built-in rules from the package's detectors/ folder. Their patterns are not compiled
 * here: the test suite compiles and exercises every one, and compiling 200+ patterns on every
 * start is the bulk of a pre-commit hook's time. The structure is still checked strictly.
 */
export function loadBuiltinRules(): Rule[] {
  return readRuleSnapshot(BUILTIN_RULES_DIR) ?? loadRuleFiles([BUILTIN_RULES_DIR], { compile: false });
}
