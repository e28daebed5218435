// One pack file: entry headers and inflated entry data, by offset. Delta entries come back as
// their raw delta; resolving chains is delta-chain.ts's job.
import { GitError } from '../../errors.js';
import type { ByteSource } from './byte-source.js';
import type { GitObjectType } from './git-types.js';
import { InflateError, inflateExact } from './inflate.js';

/** Pack entry type numbers. */
export const OBJ_OFS_DELTA = 6;
export const OBJ_REF_DELTA = 7;

/** Object type names by pack type number (1-4). */
export const TYPE_NAMES: readonly (GitObjectType | undefined)[] = [undefined, 'commit', 'tree', 'blob', 'tag'];

// Type byte, up to 9 more size bytes (2^67), an OFS offset of up to 10 bytes or a 20-byte id.
const MAX_HEADER = 32;

/** The header of one pack entry. */
export interface EntryHeader {
  /** 1-4 (commit, tree, blob, tag), 6 (OFS_DELTA) or 7 (REF_DELTA). */
  type: number;
  /** Inflated size of the entry's data (for deltas, of the delta itself). */
  size: number;
  /** Header length in bytes; the zlib data starts right after it. */
  length: number;
  /** Pack offset of the base, for OFS_DELTA; -1 otherwise. */
  baseOffset: number;
  /** 20-byte id of the base, for REF_DELTA; null otherwise. */
  baseOid: Buffer | null;
}

/** A pack entry with its data inflated (an object's content, or a delta). */
export interface PackEntry extends EntryHeader {
  data: Buffer;
}

/** GitError `GIT_CORRUPT_OBJECT` about the entry at `offset` of `pack`. */
export function corruptEntry(pack: string, offset: number, why: string): GitError {
  return new GitError('GIT_CORRUPT_OBJECT', `damaged pack entry at offset ${offset} of ${pack}: ${why}`, { pack, offset });
}

/** Parses the entry header at the start of `buf`, which holds the entry at pack offset `offset`. */
export function parseEntryHeader(buf: Buffer, offset: number, pack: string): EntryHeader {
  const end = Math.min(buf.length, MAX_HEADER);
  let pos = 0;
  if (end === 0) throw corruptEntry(pack, offset, 'entry is past the end of the pack');
  let byte = buf[pos++] as number;
  const type = (byte >> 4) & 7;
  let size = byte & 15;
  let scale = 16;
  while (byte & 0x80) {
    if (pos >= end || scale > 2 ** 46) throw corruptEntry(pack, offset, 'size header runs too long');
    byte = buf[pos++] as number;
    size += (byte & 0x7f) * scale;
    scale *= 128;
  }
  let baseOffset = -1;
  let baseOid: Buffer | null = null;
  if (type === OBJ_OFS_DELTA) {
    // Git's offset encoding adds one at each continuation so no value has two spellings.
    if (pos >= end) throw corruptEntry(pack, offset, 'delta base offset missing');
    byte = buf[pos++] as number;
    let distance = byte & 0x7f;
    while (byte & 0x80) {
      if (pos >= end || distance > 2 ** 45) throw corruptEntry(pack, offset, 'delta base offset runs too long');
      byte = buf[pos++] as number;
      distance = (distance + 1) * 128 + (byte & 0x7f);
    }
    baseOffset = offset - distance;
    if (distance === 0 || baseOffset < 12) throw corruptEntry(pack, offset, `delta base offset ${baseOffset} is outside the pack`);
  } else if (type === OBJ_REF_DELTA) {
    if (pos + 20 > buf.length) throw corruptEntry(pack, offset, 'delta base id cut short');
    baseOid = Buffer.from(buf.subarray(pos, pos + 20));
    pos += 20;
  } else if (type < 1 || type > 4) {
    throw corruptEntry(pack, offset, `unknown entry type ${type}`);
  }
  return { type, size, length: pos, baseOffset, baseOid };
}

/** One pack, read through a {@link ByteSource}, with entries delimited by the sorted offsets of its index. */
export class PackFile {
  private cursor = 0;

  /**
   * @param path where the pack is (for messages)
   * @param source its bytes
   * @param sortedOffsets every entry offset, ascending: an entry ends where the next begins
   * @param dataEnd where the last entry ends (the pack size less the 20-byte trailer, when intact)
   */
  constructor(
    readonly path: string,
    readonly source: ByteSource,
    readonly sortedOffsets: Float64Array,
    readonly dataEnd: number,
  ) {}

  /** End of the entry starting at `offset`; the cursor makes offset-order reading O(1). */
  private extentEnd(offset: number): number {
    const offsets = this.sortedOffsets;
    let i = this.cursor;
    if (offsets[i] !== offset) {
      i = offsets[i + 1] === offset ? i + 1 : this.search(offset);
      if (i < 0) throw corruptEntry(this.path, offset, 'no entry starts at this offset');
      this.cursor = i;
    }
    return i + 1 < offsets.length ? (offsets[i + 1] as number) : this.dataEnd;
  }

  private search(offset: number): number {
    const offsets = this.sortedOffsets;
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = offsets[mid] as number;
      if (value === offset) return mid;
      if (value < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The header of the entry at `offset`, without inflating anything. */
  header(offset: number): EntryHeader {
    const end = this.extentEnd(offset);
    return parseEntryHeader(this.source.bytes(offset, Math.min(MAX_HEADER, end - offset), false), offset, this.path);
  }

  /** The entry at `offset` with its data inflated; throws GitError `GIT_CORRUPT_OBJECT` with pack and offset. */
  entry(offset: number, sequential: boolean): PackEntry {
    const end = this.extentEnd(offset);
    if (end <= offset || end > this.source.size) {
      throw corruptEntry(this.path, offset, `entry would end at ${end}, the pack has ${this.source.size} bytes (truncated?)`);
    }
    const raw = this.source.bytes(offset, end - offset, sequential);
    const header = parseEntryHeader(raw, offset, this.path);
    try {
      const { data } = inflateExact(raw.subarray(header.length), header.size);
      return { ...header, data };
    } catch (err) {
      if (err instanceof InflateError) throw corruptEntry(this.path, offset, err.message);
      throw err;
    }
  }

  close(): void {
    this.source.close();
  }
}
