// .credsweep.yaml: a repository's own settings (extra rules, disabled rules, allowed paths and
// secrets, defaults for flags). Read strictly: an unknown key, a wrong type or a regex RE2 rejects
// stops the run with the file, line and key, because a typo ("disabledRule:") must not silently
// turn a setting off.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Node, Pair } from 'yaml';
import { compileByteRegex } from '../detect/re2.js';
import { RULE_ID_PATTERN } from '../detect/rule-id.js';
import { isMap, parseStrictYaml, StrictYaml, type YamlFail } from '../detect/strict-yaml.js';
import { ConfigError } from '../errors.js';
import { OUTPUT_FORMATS, type Severity } from '../types.js';
import { readBoundedFile, SETTINGS_FILE_LIMIT } from './bounded-file.js';

/** The settings a config file can hold; every field optional. */
export interface CredsweepConfig {
  /** The file read, or null when there was none. */
  file: string | null;
  /** Extra rule files or folders, resolved against the config file's folder. */
  rules: string[];
  /** Rule ids not to run, each with the line it was named on (for errors about unknown ids). */
  disabledRules: Array<{ id: string; line: number }>;
  /** Path globs, .gitignore style, whose findings are suppressed (counted). */
  allowPaths: string[];
  /** RE2 regexes on the secret: a finding whose secret matches one is suppressed (counted). */
  allowSecrets: string[];
  /** Default for --fail-on. */
  failOn?: Severity | 'none';
  /** Default for --format. */
  format?: string;
  /** Default for --intel. */
  intel?: boolean;
  /** Default for --baseline, resolved against the config file's folder. */
  baseline?: string;
  /** Default for --max-blob-size (text such as `50MB`). */
  maxBlobSize?: string;
}

/** The names a config file may have at a repository root, in the order looked for. */
export const CONFIG_NAMES = ['.credsweep.yaml', '.credsweep.yml'];

const KEYS = ['rules', 'disabledRules', 'allowPaths', 'allowSecrets', 'failOn', 'format', 'intel', 'baseline', 'maxBlobSize'];
const FAIL_ON: ReadonlyArray<Severity | 'none'> = ['critical', 'high', 'medium', 'low', 'info', 'none'];
const SIZE = /^\d+(?:\.\d+)?\s*(?:[kKmMgG]i?[bB]?|[bB])?$/;

/** An empty configuration (no file). */
export function emptyConfig(): CredsweepConfig {
  return { file: null, rules: [], disabledRules: [], allowPaths: [], allowSecrets: [] };
}

/** The config file in `dir`, or null. */
export function findConfigFile(dir: string): string | null {
  for (const name of CONFIG_NAMES) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  return null;
}

function readValue(r: StrictYaml, config: CredsweepConfig, key: string, pair: Pair<Node, Node>, base: string): void {
  if (key === 'rules') config.rules = r.strings(pair, key).map((x) => resolve(base, x.value));
  else if (key === 'allowPaths') config.allowPaths = r.strings(pair, key).map((x) => x.value);
  else if (key === 'disabledRules') {
    config.disabledRules = r.strings(pair, key).map((x) => {
      if (!RULE_ID_PATTERN.test(x.value)) throw r.error(x.node, key, `"${x.value}" is not a rule id (family.kebab-name)`);
      return { id: x.value, line: r.line(x.node) };
    });
  } else if (key === 'allowSecrets') {
    config.allowSecrets = r.strings(pair, key).map((x) => {
      try {
        compileByteRegex(x.value);
      } catch (err) {
        throw r.error(x.node, key, `"${x.value}" does not compile under RE2: ${(err as Error).message}`);
      }
      return x.value;
    });
  } else if (key === 'intel') config.intel = r.boolean(pair, key);
  else if (key === 'failOn') config.failOn = r.oneOf(pair, key, FAIL_ON);
  else if (key === 'format') config.format = r.oneOf(pair, key, OUTPUT_FORMATS);
  else if (key === 'maxBlobSize') {
    const value = r.string(pair, key);
    if (!SIZE.test(value)) throw r.error(pair.value, key, `"${value}" is not a size such as 50MB`);
    config.maxBlobSize = value;
  } else config.baseline = resolve(base, r.string(pair, key));
}

/**
 * Reads a config file. A missing file is an empty config unless `required` (it was named with
 * --config). An empty file is an empty config.
 * @throws ConfigError `CONFIG_UNREADABLE`, or `CONFIG_INVALID` naming file, line and key.
 */
export function loadConfigFile(file: string, required: boolean): CredsweepConfig {
  let text: string;
  try {
    text = readBoundedFile(file, SETTINGS_FILE_LIMIT);
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig();
    throw new ConfigError('CONFIG_UNREADABLE', `config file ${file} cannot be read: ${(err as Error).message}`, { file });
  }
  const fail: YamlFail = (line, key, problem) =>
    new ConfigError('CONFIG_INVALID', `${file}:${line}: ${key === null ? '' : `key "${key}": `}${problem}`, { file, line, key });
  const parsed = parseStrictYaml(text, fail);
  const r = new StrictYaml(parsed, fail);
  const config: CredsweepConfig = { ...emptyConfig(), file };
  const root = parsed.doc.contents;
  if (root === null) return config;
  if (!isMap(root)) throw r.error(root as Node, null, 'expected a mapping of settings');
  for (const pair of root.items as Array<Pair<Node, Node>>) readValue(r, config, r.knownKey(pair, KEYS), pair, dirname(resolve(file)));
  return config;
}

/** Throws for a disabled rule id that names no loaded rule (a typo would disable nothing). */
export function checkDisabledRules(config: CredsweepConfig, knownIds: ReadonlySet<string>): void {
  for (const { id, line } of config.disabledRules) {
    if (!knownIds.has(id)) {
      throw new ConfigError('CONFIG_INVALID', `${config.file}:${line}: key "disabledRules": no rule has the id "${id}"`, {
        file: config.file,
        line,
        key: 'disabledRules',
      });
    }
  }
}
