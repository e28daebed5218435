// Files inside a scanned target are opened only if they are regular files. A FIFO in place of a
// loose object, a pack, packed-refs or a settings file would block the open (or the read) for
// ever; a symlink to /dev/zero would read without end. Opening without blocking and checking the
// opened file itself (not the path, which could be swapped in between) turns either into an
// error naming the path.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/** Thrown for a path that is something other than a regular file, or one over its size limit. */
export class UnreadableFileError extends Error {
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(`${path} ${why}; it was not read`);
  }
}

/** An open regular file: its descriptor and size. Close it with `closeSync(fd)`. */
export interface OpenFile {
  fd: number;
  size: number;
}

/**
 * Opens `path` for reading if it is a regular file (following symlinks to one).
 * @throws the system error (ENOENT and the like, with its `code`), or UnreadableFileError.
 */
export function openRegularFile(path: string): OpenFile {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  const info = fstatSync(fd);
  if (!info.isFile()) {
    closeSync(fd);
    throw new UnreadableFileError(path, `is ${kindOf(info)}, not a regular file`);
  }
  return { fd, size: info.size };
}

/** Reads up to `length` bytes from `position` of an open file; `shared` puts them in memory other threads can see. */
export function readAt(file: OpenFile, position: number, length: number, shared = false): Buffer {
  const size = Math.max(0, Math.min(length, file.size - position));
  const buf = shared ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < buf.length) {
    const n = readSync(file.fd, buf, filled, buf.length - filled, position + filled);
    if (n === 0) break;
    filled += n;
  }
  return buf.subarray(0, filled);
}

/**
 * Reads a whole regular file of at most `limit` bytes (into shared memory when `shared`); throws
 * as {@link openRegularFile}, or UnreadableFileError when larger.
 */
export function readRegularFile(path: string, limit: number, shared = false): Buffer {
  const file = openRegularFile(path);
  try {
    if (file.size > limit) throw new UnreadableFileError(path, `is ${file.size} bytes, over the ${limit}-byte limit for it`);
    return readAt(file, 0, file.size, shared);
  } finally {
    closeSync(file.fd);
  }
}
