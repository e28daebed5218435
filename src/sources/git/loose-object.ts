// Loose objects: objects/xx/yyyy..., each one zlib stream of "type size\0content".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitError } from '../../errors.js';
import type { GitObject, GitObjectType } from './git-types.js';
import { InflateError, inflateAll } from './inflate.js';

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

/**
 * Reads loose object `oid` from the first of `objectDirs` holding it; null when none does.
 * Throws GitError `GIT_CORRUPT_OBJECT` (with `data.oid`) when the file is damaged.
 */
export function readLooseObject(objectDirs: readonly string[], oid: string): GitObject | null {
  for (const dir of objectDirs) {
    const path = looseObjectPath(dir, oid);
    let file: Buffer;
    try {
      file = readFileSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw corrupt(oid, path, (err as Error).message);
    }
    let raw: Buffer;
    try {
      raw = inflateAll(file);
    } catch (err) {
      if (err instanceof InflateError) throw corrupt(oid, path, err.message);
      throw err;
    }
    return parseLooseObject(raw, oid, path);
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
  for (const fan of listDir(objectsDir).filter((d) => FAN_DIR.test(d)).sort()) {
    for (const rest of listDir(join(objectsDir, fan)).sort()) {
      if (REST.test(rest)) oids.push(fan + rest);
    }
  }
  return oids;
}
