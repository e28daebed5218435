// Tree entries read in place from a tree object's bytes. Provenance compares millions of entries
// on a long history and nearly all of them are equal to their parent's; making a string per name
// and per hex id (as parseTree does) cost more than everything else there, so entries stay byte
// ranges and only the few that are reported are ever decoded.

import { GitError } from '../../errors.js';

/** What a tree entry points at: a file, a subdirectory, a submodule commit, or a symlink. */
export type TreeEntryKind = 'blob' | 'tree' | 'commit' | 'link';

/** Classifies a tree entry mode the way git does: by its file-type bits only. */
export function kindOfMode(mode: number): TreeEntryKind {
  switch (mode & 0o170000) {
    case 0o040000:
      return 'tree';
    case 0o120000:
      return 'link';
    case 0o160000:
      return 'commit';
    default:
      return 'blob';
  }
}

/**
 * Bytes of the smallest entry a tree can hold: one mode digit, the space, an empty name's NUL and
 * a 20-byte id (git's own parser takes an empty name, and so does this one). What bounds how many
 * entries a tree of some size has.
 */
export const SMALLEST_TREE_ENTRY = 23;

const SPACE = 0x20;
const DIGIT_0 = 0x30;
const DIGIT_7 = 0x37;
const SLASH = 0x2f;

/** A cursor over the entries of one raw tree; `next()` moves it and fills the public fields. */
export class RawTreeCursor {
  /** Where the current entry (its mode text) starts. */
  entryStart = 0;
  /** Mode of the current entry, as a number. */
  mode = 0;
  /** Where the current entry's name starts and ends (exclusive). */
  nameStart = 0;
  nameEnd = 0;
  /** Where the current entry's object id starts; it is `oidBytes` long. */
  oidStart = 0;
  /** True when the current entry is a subtree. */
  isTree = false;
  private pos = 0;

  constructor(
    /** The tree's bytes (`reset` moves the cursor to another tree). */
    public data: Buffer,
    private readonly oidBytes = 20,
  ) {}

  /** Makes the entry starting at byte `position` the next one `next()` reads. */
  seek(position: number): void {
    this.pos = position;
  }

  /** Moves the cursor to another tree's bytes, its next entry the one at `position`. */
  reset(data: Buffer, position = 0): void {
    this.data = data;
    this.pos = position;
  }

  /** Moves to the next entry; false at the end. Throws GitError on a malformed entry. */
  next(): boolean {
    const data = this.data;
    const end = data.length;
    const start = this.pos;
    if (start >= end) return false;
    let mode = 0;
    let i = start;
    for (; i < end; i++) {
      const c = data[i] as number;
      if (c === SPACE) break;
      if (c < DIGIT_0 || c > DIGIT_7) throw corrupt(`bad mode byte ${c} at offset ${i}`);
      mode = mode * 8 + (c - DIGIT_0);
    }
    if (i >= end || i === start) throw corrupt(`truncated entry at offset ${start}`);
    const nameStart = i + 1;
    // A loop, not indexOf: names are short and a native call per entry costs more.
    let nul = nameStart;
    while (nul < end && data[nul] !== 0) nul++;
    if (nul >= end || nul + 1 + this.oidBytes > end) throw corrupt(`truncated entry at offset ${start}`);
    this.entryStart = start;
    this.mode = mode;
    this.nameStart = nameStart;
    this.nameEnd = nul;
    this.oidStart = nul + 1;
    this.isTree = (mode & 0o170000) === 0o040000;
    this.pos = nul + 1 + this.oidBytes;
    return true;
  }

  /** Kind of the current entry. */
  get kind(): TreeEntryKind {
    return kindOfMode(this.mode);
  }
}

/**
 * Orders two entries the way git sorts a tree: by name bytes, a subtree's name compared as if it
 * ended in `/`. Negative when `a` sorts first, 0 for the same name and kind.
 */
export function compareEntries(a: RawTreeCursor, b: RawTreeCursor): number {
  const x = a.data;
  const y = b.data;
  const aLen = a.nameEnd - a.nameStart;
  const bLen = b.nameEnd - b.nameStart;
  const common = Math.min(aLen, bLen);
  for (let k = 0; k < common; k++) {
    const d = (x[a.nameStart + k] as number) - (y[b.nameStart + k] as number);
    if (d !== 0) return d;
  }
  const ca = aLen > common ? (x[a.nameStart + common] as number) : a.isTree ? SLASH : 0;
  const cb = bLen > common ? (y[b.nameStart + common] as number) : b.isTree ? SLASH : 0;
  return ca - cb;
}

/** True when the two entries name the same object. */
export function sameOid(a: RawTreeCursor, b: RawTreeCursor, oidBytes = 20): boolean {
  const x = a.data;
  const y = b.data;
  for (let k = 0; k < oidBytes; k++) if (x[a.oidStart + k] !== y[b.oidStart + k]) return false;
  return true;
}

function corrupt(message: string): GitError {
  return new GitError('GIT_CORRUPT_OBJECT', `tree: ${message}`);
}
