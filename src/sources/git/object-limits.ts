// How large an object the reader will ever materialise. A pack entry's header, a delta's header
// and a loose object's header all say how big the object is before any of it is inflated, so an
// object over its limit is refused from its header: a 472-byte pack whose delta claims a 4 GiB
// result, or a loose zlib bomb, costs nothing. Blobs are bounded by --max-blob-size (and then
// skipped and counted, as for any blob over it); commits, trees and tags by a fixed limit above
// any real one (git's own 1,000,000-entry trees are about 50 MB).
import { GitError } from '../../errors.js';
import type { GitObjectType } from './git-types.js';

/** The most bytes an object of each kind may have. */
export interface ObjectLimits {
  blob: number;
  /** Commits, trees and tags. */
  other: number;
}

/** Trees, commits and tags larger than this are refused. */
export const STRUCTURE_LIMIT = 128 << 20;

/** The limits when no --max-blob-size applies (provenance, the staged and range modes). */
export const DEFAULT_LIMITS: ObjectLimits = { blob: STRUCTURE_LIMIT, other: STRUCTURE_LIMIT };

/** Limits for a scan whose blobs over `maxBlobSize` are skipped. */
export function limitsFor(maxBlobSize: number): ObjectLimits {
  return { blob: maxBlobSize, other: STRUCTURE_LIMIT };
}

/** The limit for objects of `type`. */
export function limitOf(limits: ObjectLimits, type: GitObjectType): number {
  return type === 'blob' ? limits.blob : limits.other;
}

/**
 * The most a delta's own instructions may inflate to: git never stores a delta larger than half
 * its result, so one larger than the largest object allowed can only be hostile.
 */
export function deltaLimit(limits: ObjectLimits): number {
  return Math.max(limits.blob, limits.other);
}

/** Code of the error for an object over its limit. */
export const TOO_LARGE = 'GIT_OBJECT_TOO_LARGE';

/**
 * GitError `GIT_OBJECT_TOO_LARGE`. `own` is true when the object asked for is itself over the
 * limit (a blob then is skipped and counted, as --max-blob-size says), false when something it
 * is built from is (its delta base, a delta's instructions): then it cannot be read at all.
 */
export function tooLarge(what: string, type: GitObjectType | 'delta', size: number, limit: number, own: boolean): GitError {
  return new GitError(TOO_LARGE, `${what} is ${size} bytes (a ${type}), over the ${limit}-byte limit; not read`, {
    type,
    size,
    limit,
    own,
  });
}

/** True for a blob refused because it is itself over the blob limit: skipped and counted, not an issue. */
export function isSkippedBlob(err: unknown): boolean {
  const e = err as GitError;
  return e instanceof GitError && e.code === TOO_LARGE && e.data.own === true && e.data.type === 'blob';
}
