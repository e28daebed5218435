// Settings files (config, ignore, baseline, extra rules) may sit inside a scanned target someone
// else shaped: a symlink to /dev/zero, a FIFO or a huge file in their place must not exhaust
// memory or hang the run. They are read as regular files only, up to a limit.
import { readRegularFile } from '../sources/regular-file.js';

/** The most a config or ignore file may hold. */
export const SETTINGS_FILE_LIMIT = 1 << 20;
/** The most a rule file may hold. */
export const RULE_FILE_LIMIT = 16 << 20;
/** The most a baseline (or a JSON report used as one) may hold. */
export const BASELINE_FILE_LIMIT = 256 << 20;

/**
 * Reads `path` as UTF-8 if it is a regular file of at most `limit` bytes; throws the system
 * error (with its `code`, e.g. ENOENT) or an error saying what the path is instead.
 */
export function readBoundedFile(path: string, limit: number): string {
  return readRegularFile(path, limit).toString('utf8');
}
