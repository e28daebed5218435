// Settings files (config, ignore, baseline, extra rules) may sit inside a scanned target someone
// else shaped: a symlink to /dev/zero, a FIFO or a huge file in their place must not exhaust
// memory or hang the run. Only a regular file is read, opened without blocking (opening a FIFO
// for reading would wait for a writer), and only up to a limit.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** The most a config or ignore file may hold. */
export const SETTINGS_FILE_LIMIT = 1 << 20;
/** The most a rule file may hold. */
export const RULE_FILE_LIMIT = 16 << 20;
/** The most a baseline (or a JSON report used as one) may hold. */
export const BASELINE_FILE_LIMIT = 256 << 20;

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * Reads `path` as UTF-8 if it is a regular file of at most `limit` bytes.
 * @throws Error (with the `code` of the failed system call, e.g. ENOENT) or an Error saying what
 * the path is instead, or that it is over the limit; callers wrap it in their own error.
 */
export function readBoundedFile(path: string, limit: number): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new Error(`${kindOf(info)}, not a regular file`);
    if (info.size > limit) throw new Error(`${info.size} bytes, over the ${limit}-byte limit for this file`);
    // Read one byte past what fstat said, so a file still growing is noticed rather than cut.
    const buf = Buffer.alloc(Math.min(info.size, limit) + 1);
    let filled = 0;
    while (filled < buf.length) {
      const n = readSync(fd, buf, filled, buf.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    if (filled > limit) throw new Error(`over the ${limit}-byte limit for this file`);
    return buf.toString('utf8', 0, filled);
  } finally {
    closeSync(fd);
  }
}
