// Looking ids up in a pack index without reading it: the fan-out table, then a binary search that
// reads one id per step, then the entry's offset. A pre-commit scan reads a few staged objects,
// which are nearly always loose but are packed when their content was committed before (a file
// restored to an older version); reading each whole .idx for those (5.6 MB on redis, 24 MB on
// git.git) made the hook's time grow with the repository. Version 2 indexes only: a version 1
// index (git before 1.5.2) is read whole, as before.
import { closeSync } from 'node:fs';
import { GitError } from '../../errors.js';
import { type OpenFile, openRegularFile, readAt } from '../regular-file.js';

const V2_MAGIC = 0xff744f63; // "\377tOc"
const HEADER_BYTES = 8;
const FANOUT_BYTES = 256 * 4;
const OID_BYTES = 20;
const TRAILER_BYTES = 40;

function corrupt(path: string, why: string): GitError {
  return new GitError('GIT_CORRUPT_PACK', `pack index ${path} is damaged: ${why}`, { path });
}

/** What a read by id needs of a pack index; {@link PackIndex} has it too. */
export interface IndexLookup {
  readonly count: number;
  readonly packChecksum: Buffer | null;
  /** Position of `oid` (20 bytes) in the index, or -1. */
  find(oid: Buffer): number;
  /** Pack offset of the object at position `i`. */
  offsetAt(i: number): number;
}

/** A version 2 pack index read on demand from its open file. Close it when done. */
export class PackIndexProbe implements IndexLookup {
  readonly count: number;
  readonly packChecksum: Buffer;
  private readonly offsetsAt: number;
  private readonly largeAt: number;
  private readonly largeCount: number;

  private constructor(
    private readonly file: OpenFile,
    private readonly path: string,
    private readonly fanout: Uint32Array,
  ) {
    this.count = fanout[255] as number;
    this.offsetsAt = HEADER_BYTES + FANOUT_BYTES + this.count * (OID_BYTES + 4);
    this.largeAt = this.offsetsAt + this.count * 4;
    const largeBytes = file.size - TRAILER_BYTES - this.largeAt;
    if (largeBytes < 0 || largeBytes % 8 !== 0) throw corrupt(path, `size ${file.size} does not fit ${this.count} objects`);
    this.largeCount = largeBytes / 8;
    this.packChecksum = this.bytes(file.size - TRAILER_BYTES, OID_BYTES);
  }

  /** Opens the index at `path`; null when it is not version 2 (read it whole then). Throws GitError when damaged. */
  static open(path: string): PackIndexProbe | null {
    let file: OpenFile;
    try {
      file = openRegularFile(path);
    } catch (err) {
      throw corrupt(path, (err as Error).message);
    }
    try {
      const head = readAt(file, 0, HEADER_BYTES + FANOUT_BYTES);
      if (head.length < 4 || head.readUInt32BE(0) !== V2_MAGIC) {
        closeSync(file.fd);
        return null;
      }
      if (file.size < HEADER_BYTES + FANOUT_BYTES + TRAILER_BYTES) throw corrupt(path, `only ${file.size} bytes`);
      const version = head.readUInt32BE(4);
      if (version !== 2) throw corrupt(path, `unsupported version ${version}`);
      const fanout = new Uint32Array(256);
      for (let b = 0; b < 256; b++) {
        fanout[b] = head.readUInt32BE(HEADER_BYTES + b * 4);
        if (b > 0 && (fanout[b] as number) < (fanout[b - 1] as number)) throw corrupt(path, 'fanout table is not ascending');
      }
      return new PackIndexProbe(file, path, fanout);
    } catch (err) {
      closeSync(file.fd);
      throw err;
    }
  }

  private bytes(at: number, length: number): Buffer {
    const got = readAt(this.file, at, length);
    if (got.length < length) throw corrupt(this.path, `ends before byte ${at + length}`);
    return got;
  }

  find(oid: Buffer): number {
    const first = oid[0] as number;
    let lo = first === 0 ? 0 : (this.fanout[first - 1] as number);
    let hi = (this.fanout[first] as number) - 1;
    const idsAt = HEADER_BYTES + FANOUT_BYTES;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const cmp = this.bytes(idsAt + mid * OID_BYTES, OID_BYTES).compare(oid);
      if (cmp === 0) return mid;
      if (cmp < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  offsetAt(i: number): number {
    const raw = this.bytes(this.offsetsAt + i * 4, 4).readUInt32BE(0);
    if (raw < 0x80000000) return raw;
    const large = raw & 0x7fffffff;
    if (large >= this.largeCount) throw corrupt(this.path, `large offset ${large} out of range`);
    const value = this.bytes(this.largeAt + large * 8, 8).readBigUInt64BE(0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(this.path, 'offset beyond 2^53');
    return Number(value);
  }

  close(): void {
    closeSync(this.file.fd);
  }
}
