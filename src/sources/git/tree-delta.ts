// A tree stored as a delta names mostly what its base names: git's deltas of trees copy the
// unchanged entries from the base and insert the changed ones. An entry whose id was copied from
// where one of the base's own entries keeps its id names an object the base names too. Only that
// counts: a delta may copy any bytes of its base, so a hostile pack can assemble an id out of the
// middle of the base's names; the copied position is checked against the base's entries.
import { readDeltaSizes } from './delta.js';
import { RawTreeCursor } from './raw-tree.js';

const OID_BYTES = 20;
const GITLINK = 0o160000;

/** Which ids of a tree made by a delta were copied from ids of its base's entries. */
export class CopiedIds {
  private op = 0;

  private constructor(
    /** Copy instructions in result order, three numbers each: result start, result end, base start. */
    private readonly copies: number[],
    /** Where the base's entries other than submodule commits keep their ids, ascending. */
    private readonly baseIds: number[],
  ) {}

  /**
   * The copied ids of the tree that `delta` made from tree `base`, or null when the base is not a
   * well-formed tree or the delta's instructions cannot be read (then every id counts as new).
   */
  static of(base: Buffer, delta: Buffer): CopiedIds | null {
    const copies = copyInstructions(delta);
    const baseIds = copies === null ? null : entryIds(base);
    return copies === null || baseIds === null ? null : new CopiedIds(copies, baseIds);
  }

  /**
   * Whether the id at `at` of the result is a copy of a base entry's id (not a submodule
   * commit's). Call with `at` ascending: the instructions are walked once.
   */
  copiedFromBaseEntry(at: number): boolean {
    const copies = this.copies;
    while (this.op < copies.length && (copies[this.op + 1] as number) <= at) this.op += 3;
    if (this.op >= copies.length) return false;
    const start = copies[this.op] as number;
    if (start > at || at + OID_BYTES > (copies[this.op + 1] as number)) return false;
    return includes(this.baseIds, (copies[this.op + 2] as number) + (at - start));
  }
}

// The delta was applied before this is asked, so it is well formed; anything odd still gives up.
function copyInstructions(delta: Buffer): number[] | null {
  let pos: number;
  try {
    pos = readDeltaSizes(delta).start;
  } catch {
    return null;
  }
  const copies: number[] = [];
  let out = 0;
  while (pos < delta.length) {
    const cmd = delta[pos++] as number;
    if (cmd & 0x80) {
      let offset = 0;
      let size = 0;
      for (let bit = 0; bit < 4; bit++) if (cmd & (1 << bit)) offset += (delta[pos++] as number) * 2 ** (8 * bit);
      for (let bit = 0; bit < 3; bit++) if (cmd & (0x10 << bit)) size += (delta[pos++] as number) * 2 ** (8 * bit);
      if (pos > delta.length) return null;
      if (size === 0) size = 0x10000;
      copies.push(out, out + size, offset);
      out += size;
    } else if (cmd !== 0) {
      pos += cmd;
      out += cmd;
    } else return null;
  }
  return pos === delta.length ? copies : null;
}

function entryIds(tree: Buffer): number[] | null {
  const cursor = new RawTreeCursor(tree, OID_BYTES);
  const ids: number[] = [];
  try {
    while (cursor.next()) if ((cursor.mode & 0o170000) !== GITLINK) ids.push(cursor.oidStart);
  } catch {
    return null;
  }
  return ids;
}

function includes(sorted: number[], value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
