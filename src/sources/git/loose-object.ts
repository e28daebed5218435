// Loose objects: objects/xx/yyyy..., each one zlib stream of "type size\0content".
import { closeSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { GitError } from '../../errors.js';
import type { GitObject, GitObjectType } from './git-types.js';
import { InflateError, inflateExact } from './inflate.js';
import { DEFAULT_LIMITS, limitOf, type ObjectLimits, tooLarge } from './object-limits.js';
import { inputBound } from './pack-file.js';
import { type OpenFile, openRegularFile, readAt, UnreadableFileError } from '../regular-file.js';

const TYPES = new Set(['commit', 'tree', 'blob', 'tag']);
const FAN_DIR = /^[0-9a-f]{2}$/;
const REST = /^[0-9a-f]{38}$/;

/** Path of loose object `oid` under `objectsDir`. */
export function looseObjectPath(objectsDir: string, oid: string): string {
  return join(objectsDir, oid.slice(0, 2), oid.slice(2));
}

function corrupt(oid: string, path: string, why: string): GitError {
  return new GitError('GIT_CORRUPT_OBJECT', `damaged loose object ${oid} (${path}): ${why}`, { oid, path });
}

/** Splits inflated "type size\0content" into an object; throws GIT_CORRUPT_OBJECT with `oid`. */
export function parseLooseObject(raw: Buffer, oid: string, path: string): GitObject {
  const nul = raw.indexOf(0, 0);
  if (nul < 0 || nul > 32) throw corrupt(oid, path, 'no object header');
  const header = raw.toString('latin1', 0, nul);
  const space = header.indexOf(' ');
  const type = header.slice(0, space);
  const size = header.slice(space + 1);
  if (space < 0 || !TYPES.has(type) || !/^\d+$/.test(size)) throw corrupt(oid, path, `bad header "${header}"`);
  const data = raw.subarray(nul + 1);
  if (data.length !== Number(size)) throw corrupt(oid, path, `header says ${size} bytes, content is ${data.length}`);
  return { type: type as GitObjectType, data };
}

// Enough compressed bytes to hold the "type size\0" header behind any deflate block header.
const HEADER_PROBE = 1024;

// The header, inflated from the first bytes alone: the size it states is checked against the
// limit before the object is inflated, so a zlib bomb costs a kilobyte.
function readHeader(prefix: Buffer, oid: string, path: string): { type: GitObjectType; size: number; length: number } {
  let head: Buffer;
  try {
    head = zlib.inflateSync(prefix, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: 2 << 20 });
  } catch (err) {
    throw corrupt(oid, path, (err as Error).message);
  }
  const nul = head.indexOf(0);
  if (nul < 0 || nul > 32) throw corrupt(oid, path, 'no object header');
  const text = head.toString('latin1', 0, nul);
  const match = /^(commit|tree|blob|tag) (\d{1,16})$/.exec(text);
  if (!match) throw corrupt(oid, path, `bad header "${text}"`);
  return { type: match[1] as GitObjectType, size: Number(match[2]), length: nul + 1 };
}

function readFromFile(file: OpenFile, oid: string, path: string, limits: ObjectLimits): GitObject {
  const header = readHeader(readAt(file, 0, HEADER_PROBE), oid, path);
  const limit = limitOf(limits, header.type);
  if (header.size > limit) throw tooLarge(`loose object ${oid} (${path})`, header.type, header.size, limit, true);
  const total = header.length + header.size;
  let raw: Buffer;
  try {
    raw = inflateExact(readAt(file, 0, inputBound(total)), total).data;
  } catch (err) {
    if (err instanceof InflateError) throw corrupt(oid, path, err.message);
    throw err;
  }
  return parseLooseObject(raw, oid, path);
}

/**
 * Reads loose object `oid` from the first of `objectDirs` holding it; null when none does.
 * Throws GitError `GIT_CORRUPT_OBJECT` (with `data.oid`) when the file is damaged,
 * `GIT_NOT_A_FILE` when it is not a regular file, `GIT_OBJECT_TOO_LARGE` when over `limits`.
 */
export function readLooseObject(objectDirs: readonly string[], oid: string, limits: ObjectLimits = DEFAULT_LIMITS): GitObject | null {
  for (const dir of objectDirs) {
    const path = looseObjectPath(dir, oid);
    let file: OpenFile;
    try {
      file = openRegularFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      if (err instanceof UnreadableFileError) throw new GitError('GIT_NOT_A_FILE', `loose object ${oid}: ${err.message}`, { oid, path });
      throw corrupt(oid, path, (err as Error).message);
    }
    try {
      return readFromFile(file, oid, path, limits);
    } finally {
      closeSync(file.fd);
    }
  }
  return null;
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** Ids of every loose object under `objectsDir`, sorted. */
export function listLooseObjects(objectsDir: string): string[] {
  const oids: string[] = [];
  for (const fan of listDir(objectsDir)
    .filter((d) => FAN_DIR.test(d))
    .sort()) {
    for (const rest of listDir(join(objectsDir, fan)).sort()) {
      if (REST.test(rest)) oids.push(fan + rest);
    }
  }
  return oids;
}
