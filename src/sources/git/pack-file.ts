// One pack file: entry headers and inflated entry data, by offset. Delta entries come back as
// their raw delta; resolving chains is delta-chain.ts's job.
import { GitError } from '../../errors.js';
import type { ByteSource } from './byte-source.js';
import type { GitObjectType } from './git-types.js';
import { InflateError, inflateExact } from './inflate.js';
import { deltaLimit, limitOf, type ObjectLimits, tooLarge } from './object-limits.js';

/** Pack entry type numbers. */
export const OBJ_OFS_DELTA = 6;
export const OBJ_REF_DELTA = 7;

/** Object type names by pack type number (1-4). */
export const TYPE_NAMES: readonly (GitObjectType | undefined)[] = [undefined, 'commit', 'tree', 'blob', 'tag'];

const NO_DATA = Buffer.alloc(0);

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
  // Shaped like a PackEntry from the start, so entry() fills in `data` without a copy or a shape change.
  const header: PackEntry = { type, size, length: pos, baseOffset, baseOid, data: NO_DATA };
  return header;
}

/** Longest zlib stream `size` bytes can deflate to (stored blocks cost 5 bytes each, plus framing). */
export const inputBound = (size: number) => size + Math.ceil(size / 4096) * 5 + 64;

/**
 * One pack, read through a {@link ByteSource}. An entry's zlib stream ends itself, so an entry
 * is read as its header plus a bound on its compressed length; no sorted offset table is needed,
 * which spares every worker thread a sort of the whole index.
 */
export class PackFile {
  /**
   * @param path where the pack is (for messages)
   * @param source its bytes
   * @param dataEnd where entries stop (the pack size less the 20-byte trailer, when intact)
   */
  constructor(
    readonly path: string,
    readonly source: ByteSource,
    readonly dataEnd: number,
  ) {}

  private bytesAt(offset: number, length: number, sequential: boolean): Buffer {
    if (offset < 12 || offset >= this.dataEnd) {
      throw corruptEntry(this.path, offset, `offset is outside the pack's ${this.dataEnd} bytes of entries (truncated?)`);
    }
    return this.source.bytes(offset, Math.min(length, this.dataEnd - offset), sequential);
  }

  /** The header of the entry at `offset`, without inflating anything. */
  header(offset: number): EntryHeader {
    return parseEntryHeader(this.bytesAt(offset, MAX_HEADER, false), offset, this.path);
  }

  /**
   * The entry at `offset` with its data inflated; throws GitError `GIT_CORRUPT_OBJECT` with pack
   * and offset, or `GIT_OBJECT_TOO_LARGE` (own) when its header claims more than `limits` allow.
   */
  entry(offset: number, sequential: boolean, limits: ObjectLimits): PackEntry {
    const head = this.bytesAt(offset, MAX_HEADER, sequential);
    const entry = parseEntryHeader(head, offset, this.path) as PackEntry;
    const type = TYPE_NAMES[entry.type];
    const limit = type === undefined ? deltaLimit(limits) : limitOf(limits, type);
    if (entry.size > limit) throw tooLarge(`pack entry at offset ${offset} of ${this.path}`, type ?? 'delta', entry.size, limit, true);
    // The header view is still valid here: reading the data right after it hits the same window.
    const raw = this.bytesAt(offset, entry.length + inputBound(entry.size), sequential);
    try {
      entry.data = inflateExact(raw.subarray(entry.length), entry.size).data;
      return entry;
    } catch (err) {
      if (err instanceof InflateError) throw corruptEntry(this.path, offset, err.message);
      throw err;
    }
  }

  close(): void {
    this.source.close();
  }
}
