// Where .credsweep.yaml meets the command line: the file gives defaults, a flag typed by the
// user wins, and the file's lists add to the flags' (extra rules, allowed paths).
import { statSync } from 'node:fs';
import type { CredsweepConfig } from '../config/config-file.js';
import { type IgnoreList, mergeIgnoreLists, parseIgnoreText } from '../config/ignore-file.js';
import { compileByteRegex } from '../detect/re2.js';
import type { Finding } from '../types.js';

/** The flags a config file can set. */
export interface ConfigurableFlags {
  format: string;
  failOn: string;
  maxBlobSize: string;
  intel: boolean;
  rules: string[];
  baseline?: string;
  config?: string;
}

/** Whether `path` is a directory (false when it cannot be read). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The flags with the config's defaults where the user did not type a flag (`typed`). */
export function mergeConfig<T extends ConfigurableFlags>(flags: T, config: CredsweepConfig, typed: (flag: string) => boolean): T {
  const merged = { ...flags, rules: [...flags.rules, ...config.rules] };
  if (config.format !== undefined && !typed('format')) merged.format = config.format;
  if (config.failOn !== undefined && !typed('failOn')) merged.failOn = config.failOn;
  if (config.maxBlobSize !== undefined && !typed('maxBlobSize')) merged.maxBlobSize = config.maxBlobSize;
  if (config.intel !== undefined && !typed('intel')) merged.intel = config.intel;
  if (config.baseline !== undefined && merged.baseline === undefined) merged.baseline = config.baseline;
  return merged;
}

/** The ignore list with the config's allowPaths added. */
export function withAllowedPaths(ignore: IgnoreList, config: CredsweepConfig): IgnoreList {
  if (config.allowPaths.length === 0) return ignore;
  const extra = parseIgnoreText(config.allowPaths.join('\n'), `allowPaths of ${config.file ?? '.credsweep.yaml'}`);
  return mergeIgnoreLists([ignore, extra]);
}

/** Findings whose secret matches none of the config's allowSecrets, and those that did. */
export function filterAllowedSecrets(findings: Finding[], config: CredsweepConfig): { kept: Finding[]; allowed: Finding[] } {
  if (config.allowSecrets.length === 0) return { kept: findings, allowed: [] };
  const regexes = config.allowSecrets.map(compileByteRegex);
  const allowed = new Set(findings.filter((f) => regexes.some((r) => r.test(f.secret))));
  return { kept: findings.filter((f) => !allowed.has(f)), allowed: [...allowed] };
}
