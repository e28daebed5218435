// Pack index (.idx) parsing, versions 1 and 2. The ids stay in one Buffer and the offsets in one
// typed array, so a pack of millions of objects costs a few allocations, not millions.
import { readRegularFile } from '../regular-file.js';
import { GitError } from '../../errors.js';
import { orderByOffset } from './offset-order.js';

/** The first four bytes of a version 2 index ("\377tOc"); a version 1 index has none. */
const V2_MAGIC = 0xff744f63;
/** Bytes of a version 2 index before its fan-out table: the magic and the version. */
export const V2_HEADER_BYTES = 8;
export const FANOUT_BYTES = 256 * 4;
const OID_BYTES = 20;
const TRAILER_BYTES = 40;

/**
 * Whether `head`, the first bytes of an index of `size` bytes, starts a version 2 index (else it
 * is version 1); throws when it claims a version this does not read, or is too short for one.
 */
export function isV2Index(head: Buffer, size: number, path: string): boolean {
  if (head.length < 4 || head.readUInt32BE(0) !== V2_MAGIC) return false;
  const version = head.length < V2_HEADER_BYTES ? 2 : head.readUInt32BE(4); // a shorter head fails on its size
  if (version !== 2) throw corrupt(path, `unsupported version ${version}`);
  if (size < V2_HEADER_BYTES + FANOUT_BYTES + TRAILER_BYTES) throw corrupt(path, `only ${size} bytes`);
  return true;
}

/** Where the parts of a version 2 index lie (pack-index-probe.ts reads them from the file). */
export interface V2Layout {
  /** Where the sorted ids start. */
  oidsAt: number;
  /** Where the 4-byte offsets start, and the 8-byte large offsets. */
  offsetsAt: number;
  largeAt: number;
  largeCount: number;
  /** Where the checksum of the pack the index was made for lies (20 bytes). */
  packChecksumAt: number;
}

/** The layout of a version 2 index of `count` objects and `size` bytes; throws when they do not fit. */
export function v2Layout(count: number, size: number, path: string): V2Layout {
  const oidsAt = V2_HEADER_BYTES + FANOUT_BYTES;
  const offsetsAt = oidsAt + count * (OID_BYTES + 4);
  const largeAt = offsetsAt + count * 4;
  const largeBytes = size - TRAILER_BYTES - largeAt;
  if (largeBytes < 0 || largeBytes % 8 !== 0) throw corrupt(path, `size ${size} does not fit ${count} objects`);
  return { oidsAt, offsetsAt, largeAt, largeCount: largeBytes / 8, packChecksumAt: size - TRAILER_BYTES };
}

/**
 * The pack offset a 4-byte entry `raw` of a version 2 index stands for: itself, or when its high
 * bit is set, the 8-byte offset it numbers, read by `readLarge`.
 */
export function entryOffset(raw: number, largeCount: number, readLarge: (k: number) => bigint, path: string): number {
  if (raw < 0x80000000) return raw;
  const large = raw & 0x7fffffff;
  if (large >= largeCount) throw corrupt(path, `large offset ${large} out of range`);
  const value = readLarge(large);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(path, 'offset beyond 2^53');
  return Number(value);
}

/**
 * A version 2 offset table still in the file's bytes. Decoding every offset costs a pass over the
 * whole index, which a staged scan reading five objects of a large repository does not need.
 */
export interface OffsetTable {
  buf: Buffer;
  /** Where the 4-byte offsets start, and the 8-byte large offsets. */
  at: number;
  largeAt: number;
  largeCount: number;
  path: string;
}

/**
 * A pack index as the threads of one scan share it: the .idx file's bytes and the positions in
 * pack-offset order, both in shared memory, so a scan thread neither reads the index again nor
 * sorts it again (on git.git, 24 MB of file and 3 MB of order a thread).
 */
export interface SharedPackIndex {
  file: Uint8Array;
  /** Null when the sharing thread had not needed the order. */
  order: Uint32Array | null;
}

/** The objects of one pack: ids sorted, with the byte offset of each in the pack. */
export class PackIndex {
  /** Number of objects. */
  readonly count: number;
  /** `count` sorted 20-byte ids, back to back. */
  readonly oids: Buffer;
  /** SHA-1 of the pack file the index was made for, or null when unknown. */
  readonly packChecksum: Buffer | null;
  private readonly fanout: Uint32Array;
  private offsetsCache: Float64Array | null;
  private readonly table: OffsetTable | null;
  private positionsCache: Uint32Array | null = null;
  /** Reads the 8-byte offset numbered `k` of {@link table}. */
  private readonly readLarge: ((k: number) => bigint) | null;
  /** The .idx bytes this was parsed from, when they are in shared memory. */
  private sharedFile: Buffer | null = null;

  constructor(oids: Buffer, offsets: Float64Array | OffsetTable, packChecksum: Buffer | null = null, fanout?: Uint32Array) {
    this.oids = oids;
    this.count = oids.length / OID_BYTES;
    this.offsetsCache = offsets instanceof Float64Array ? offsets : null;
    const table = offsets instanceof Float64Array ? null : offsets;
    this.table = table;
    this.readLarge = table === null ? null : (k) => table.buf.readBigUInt64BE(table.largeAt + k * 8);
    this.packChecksum = packChecksum;
    if (fanout !== undefined) {
      this.fanout = fanout;
    } else {
      this.fanout = new Uint32Array(256);
      for (let i = 0; i < this.count; i++) this.fanout[oids[i * OID_BYTES] as number]!++;
      for (let b = 1; b < 256; b++) this.fanout[b]! += this.fanout[b - 1]!;
    }
  }

  /** Pack offset of the object whose id is at the same position in `oids` (decoded on first use). */
  get offsets(): Float64Array {
    if (this.offsetsCache === null) {
      const offsets = new Float64Array(this.count);
      for (let i = 0; i < this.count; i++) offsets[i] = this.offsetAt(i);
      this.offsetsCache = offsets;
    }
    return this.offsetsCache;
  }

  /** Pack offset of the object at position `i`, without decoding the whole table. */
  offsetAt(i: number): number {
    if (this.offsetsCache !== null) return this.offsetsCache[i] as number;
    const { buf, at, largeCount, path } = this.table as OffsetTable;
    return entryOffset(buf.readUInt32BE(at + i * 4), largeCount, this.readLarge as (k: number) => bigint, path);
  }

  /** Position of `oid` (20 bytes) in the index, or -1. */
  find(oid: Buffer): number {
    const first = oid[0] as number;
    let lo = first === 0 ? 0 : (this.fanout[first - 1] as number);
    let hi = (this.fanout[first] as number) - 1;
    const oids = this.oids;
    // Ids in one fan-out bucket nearly always differ in their next four bytes, compared here as
    // one number: the whole-id compare is a native call, and the completeness check of a history
    // scan looks up every id every tree names (about 1 CPU-second on redis).
    const key = oid.readUInt32BE(1);
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = mid * OID_BYTES;
      const here = oids.readUInt32BE(at + 1);
      const cmp = here !== key ? (here < key ? -1 : 1) : oids.compare(oid, 0, OID_BYTES, at, at + OID_BYTES);
      if (cmp === 0) return mid;
      if (cmp < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Hex id at position `i`. */
  oidAt(i: number): string {
    return this.oids.toString('hex', i * OID_BYTES, i * OID_BYTES + OID_BYTES);
  }

  /** All offsets in ascending order (a new array each call). */
  sortedOffsets(): Float64Array {
    const positions = this.positionsByOffset();
    const sorted = new Float64Array(this.count);
    for (let i = 0; i < this.count; i++) sorted[i] = this.offsetAt(positions[i] as number);
    return sorted;
  }

  /** Positions in `oids`, ordered by pack offset (computed once, in shared memory; do not modify). */
  positionsByOffset(): Uint32Array {
    if (this.positionsCache === null) this.positionsCache = orderByOffset(this.count, (i) => this.offsetAt(i));
    return this.positionsCache;
  }

  /** This index for other threads (with its offset order when `withOrder`), or null when it was not read into shared memory. */
  share(withOrder: boolean): SharedPackIndex | null {
    if (this.sharedFile === null) return null;
    return { file: this.sharedFile, order: withOrder ? this.positionsByOffset() : this.positionsCache };
  }

  /** Marks `file` (the shared bytes this index was parsed from) as shareable, with `order` when known. */
  adoptShared(file: Buffer, order: Uint32Array | null): void {
    this.sharedFile = file;
    if (order !== null && order.length === this.count) this.positionsCache = order;
  }
}

/** The error for a damaged index at `path`. */
export function corrupt(path: string, why: string): GitError {
  return new GitError('GIT_CORRUPT_PACK', `pack index ${path} is damaged: ${why}`, { path });
}

/** The fan-out table at `at` of `buf`, checked to ascend. */
export function readFanout(buf: Buffer, at: number, path: string): Uint32Array {
  const fanout = new Uint32Array(256);
  let previous = 0;
  for (let b = 0; b < 256; b++) {
    const n = buf.readUInt32BE(at + b * 4);
    if (n < previous) throw corrupt(path, 'fanout table is not ascending');
    fanout[b] = n;
    previous = n;
  }
  return fanout;
}

// Offsets are decoded on first use (see OffsetTable); a bad large offset is reported then.
function parseV2(buf: Buffer, path: string): PackIndex {
  const fanout = readFanout(buf, V2_HEADER_BYTES, path);
  const count = fanout[255] as number;
  const { oidsAt, offsetsAt, largeAt, largeCount, packChecksumAt } = v2Layout(count, buf.length, path);
  const table: OffsetTable = { buf, at: offsetsAt, largeAt, largeCount, path };
  const packChecksum = buf.subarray(packChecksumAt, packChecksumAt + OID_BYTES);
  return new PackIndex(buf.subarray(oidsAt, oidsAt + count * OID_BYTES), table, packChecksum);
}

function parseV1(buf: Buffer, path: string): PackIndex {
  const count = readFanout(buf, 0, path)[255] as number;
  if (buf.length !== FANOUT_BYTES + count * 24 + 40) throw corrupt(path, `size ${buf.length} does not fit ${count} objects`);
  const oids = Buffer.allocUnsafe(count * OID_BYTES);
  const offsets = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const at = FANOUT_BYTES + i * 24;
    offsets[i] = buf.readUInt32BE(at);
    buf.copy(oids, i * OID_BYTES, at + 4, at + 24);
  }
  return new PackIndex(oids, offsets, buf.subarray(buf.length - 40, buf.length - 20));
}

/** Parses the bytes of an .idx file; throws GitError `GIT_CORRUPT_PACK` (with `data.path`) when damaged. */
export function parsePackIndex(buf: Buffer, path: string): PackIndex {
  if (buf.length < FANOUT_BYTES + 40) throw corrupt(path, `only ${buf.length} bytes`);
  return isV2Index(buf, buf.length, path) ? parseV2(buf, path) : parseV1(buf, path);
}

/** Reads and parses the .idx file at `path`; `shared` reads it into memory other threads can be given ({@link PackIndex.share}). */
export function readPackIndex(path: string, shared = false): PackIndex {
  let buf: Buffer;
  try {
    buf = readRegularFile(path, 2 ** 31 - 1, shared);
  } catch (err) {
    throw corrupt(path, (err as Error).message);
  }
  const index = parsePackIndex(buf, path);
  if (shared) index.adoptShared(buf, null);
  return index;
}

/** The index another thread read and shared, parsed again here (checks only, no copy). */
export function adoptPackIndex(shared: SharedPackIndex, path: string): PackIndex {
  const file = Buffer.from(shared.file.buffer, shared.file.byteOffset, shared.file.byteLength);
  const index = parsePackIndex(file, path);
  index.adoptShared(file, shared.order);
  return index;
}
