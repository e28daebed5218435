// .credsweep.yaml: a repository's own settings (extra rules, disabled rules, allowed paths and
// secrets, defaults for flags). Read strictly: an unknown key, a wrong type or a regex RE2 rejects
// stops the run with the file, line and key, because a typo ("disabledRule:") must not silently
// turn a setting off.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type * as Yaml from 'yaml';
import type { LineCounter, Node, Pair } from 'yaml';
import { compileByteRegex } from '../detect/re2.js';
import { RULE_ID_PATTERN } from '../detect/rule-id.js';
import { ConfigError } from '../errors.js';
import { OUTPUT_FORMATS, type Severity } from '../types.js';
import { readBoundedFile, SETTINGS_FILE_LIMIT } from './bounded-file.js';

// The YAML parser is some 70 modules; a run without a config file (a pre-commit hook, mostly)
// should not load it, so it is required on first use instead of imported.
let yamlModule: typeof Yaml | undefined;
function yaml(): typeof Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlModule;
}
const isMap = ((node: unknown) => yaml().isMap(node)) as typeof Yaml.isMap;
const isScalar = ((node: unknown) => yaml().isScalar(node)) as typeof Yaml.isScalar;
const isSeq = ((node: unknown) => yaml().isSeq(node)) as typeof Yaml.isSeq;

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
const FAIL_ON = ['critical', 'high', 'medium', 'low', 'info', 'none'];
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

class Reader {
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  line(node: Node | null | undefined): number {
    const offset = node?.range?.[0];
    return offset === undefined ? 0 : this.lines.linePos(offset).line;
  }

  fail(node: Node | null | undefined, key: string | null, problem: string): ConfigError {
    const line = this.line(node);
    const what = key === null ? '' : `key "${key}": `;
    return new ConfigError('CONFIG_INVALID', `${this.file}:${line}: ${what}${problem}`, { file: this.file, line, key });
  }

  string(pair: Pair<Node, Node>, key: string): string {
    if (!isScalar(pair.value) || typeof pair.value.value !== 'string') throw this.fail(pair.value ?? pair.key, key, 'expected a string');
    return pair.value.value;
  }

  list(pair: Pair<Node, Node>, key: string): Array<{ value: string; node: Node }> {
    if (!isSeq(pair.value)) throw this.fail(pair.value ?? pair.key, key, 'expected a list of strings');
    return pair.value.items.map((item) => {
      if (!isScalar(item) || typeof item.value !== 'string') throw this.fail(item as Node, key, 'expected a list of strings');
      return { value: item.value, node: item as Node };
    });
  }
}

function readValue(r: Reader, config: CredsweepConfig, key: string, pair: Pair<Node, Node>, base: string): void {
  if (key === 'rules') config.rules = r.list(pair, key).map((x) => resolve(base, x.value));
  else if (key === 'allowPaths') config.allowPaths = r.list(pair, key).map((x) => x.value);
  else if (key === 'disabledRules') {
    config.disabledRules = r.list(pair, key).map((x) => {
      if (!RULE_ID_PATTERN.test(x.value)) throw r.fail(x.node, key, `"${x.value}" is not a rule id (family.kebab-name)`);
      return { id: x.value, line: r.line(x.node) };
    });
  } else if (key === 'allowSecrets') {
    config.allowSecrets = r.list(pair, key).map((x) => {
      try {
        compileByteRegex(x.value);
      } catch (err) {
        throw r.fail(x.node, key, `"${x.value}" does not compile under RE2: ${(err as Error).message}`);
      }
      return x.value;
    });
  } else if (key === 'intel') {
    if (!isScalar(pair.value) || typeof pair.value.value !== 'boolean') throw r.fail(pair.value ?? pair.key, key, 'expected true or false');
    config.intel = pair.value.value;
  } else {
    const value = r.string(pair, key);
    if (key === 'failOn') {
      if (!FAIL_ON.includes(value)) throw r.fail(pair.value, key, `"${value}" is not one of ${FAIL_ON.join(', ')}`);
      config.failOn = value as Severity | 'none';
    } else if (key === 'format') {
      if (!(OUTPUT_FORMATS as readonly string[]).includes(value))
        throw r.fail(pair.value, key, `"${value}" is not one of ${OUTPUT_FORMATS.join(', ')}`);
      config.format = value;
    } else if (key === 'maxBlobSize') {
      if (!SIZE.test(value)) throw r.fail(pair.value, key, `"${value}" is not a size such as 50MB`);
      config.maxBlobSize = value;
    } else config.baseline = resolve(base, value);
  }
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
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const r = new Reader(file, lines);
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0].line ?? 0;
    throw new ConfigError('CONFIG_INVALID', `${file}:${line}: YAML: ${first.message.split('\n')[0]}`, { file, line, key: null });
  }
  const config: CredsweepConfig = { ...emptyConfig(), file };
  if (doc.contents === null) return config;
  if (!isMap(doc.contents)) throw r.fail(doc.contents as Node, null, 'expected a mapping of settings');
  for (const pair of doc.contents.items as Array<Pair<Node, Node>>) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!KEYS.includes(key)) throw r.fail(pair.key, key, `unknown key (known: ${KEYS.join(', ')})`);
    readValue(r, config, key, pair, dirname(resolve(file)));
  }
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
