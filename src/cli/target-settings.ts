// Whose settings a run obeys. A .credsweep.yaml or .credsweepignore found inside a scanned target
// was written by whoever shaped that target: in a leaked clone, the attacker. Such files are
// applied only when the target is the repository the user works in (the staged, range and
// pre-push modes) or the user says --trust-target-config; otherwise they are named and left
// alone. Files named with --config or --ignore-file are the user's own and always apply.
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { type CredsweepConfig, emptyConfig, findConfigFile, loadConfigFile } from '../config/config-file.js';
import { emptyIgnoreList, type IgnoreList, loadIgnoreFile, mergeIgnoreLists } from '../config/ignore-file.js';
import { isDirectory } from './apply-config.js';

/** The settings of a run and where they came from. */
export interface RunSettings {
  config: CredsweepConfig;
  ignore: IgnoreList;
  /** Files found inside a target and applied (their suppressions are listed). */
  applied: string[];
  /** Files found inside a target and not applied. */
  notApplied: string[];
}

/** The flags that decide which settings apply. */
export interface SettingsFlags {
  config?: string;
  ignoreFile?: string;
  trustTargetConfig?: boolean;
  staged?: boolean;
  sinceCommit?: string;
  logOpts?: string;
  prePush?: boolean;
}

/** Whether files inside the targets are the user's own settings. */
export function trustsTargetFiles(flags: SettingsFlags): boolean {
  return Boolean(
    flags.trustTargetConfig || flags.staged || flags.sinceCommit !== undefined || flags.logOpts !== undefined || flags.prePush,
  );
}

// Present without being read: a file not applied is never opened (it may be a FIFO).
function present(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads the run's config and ignore list: --config and --ignore-file when given, else the files
 * in the directory targets, applied when `trustsTargetFiles` and otherwise only listed.
 */
export function loadRunSettings(targets: string[], flags: SettingsFlags): RunSettings {
  const dirs = targets.filter(isDirectory);
  const trusted = trustsTargetFiles(flags);
  const applied: string[] = [];
  const notApplied: string[] = [];
  let config = emptyConfig();
  if (flags.config !== undefined) config = loadConfigFile(flags.config, true);
  else {
    const found = dirs.length === 0 ? null : findConfigFile(dirs[0] as string);
    if (found !== null && trusted) {
      config = loadConfigFile(found, false);
      applied.push(found);
    } else if (found !== null) notApplied.push(found);
  }
  let ignore = emptyIgnoreList();
  if (flags.ignoreFile !== undefined) ignore = loadIgnoreFile(flags.ignoreFile, true);
  else {
    const files = dirs.map((d) => join(d, '.credsweepignore')).filter(present);
    if (trusted) {
      ignore = mergeIgnoreLists(files.map((f) => loadIgnoreFile(f, false)));
      applied.push(...files);
    } else notApplied.push(...files);
  }
  return { config, ignore, applied, notApplied };
}
