// Looking ids up in a pack index without reading it: the fan-out table, then a binary search that
// reads one id per step, then the entry's offset. A pre-commit scan reads a few staged objects,
// which are nearly always loose but are packed when their content was committed before (a file
// restored to an older version); reading each whole .idx for those (5.6 MB on redis, 24 MB on
// git.git) made the hook's time grow with the repository. Version 2 indexes only: a version 1
// index (git before 1.5.2) is read whole, as before.
import { closeSync } from 'node:fs';
import { type OpenFile, openRegularFile, readAt } from '../regular-file.js';
import { corrupt, entryOffset, FANOUT_BYTES, isV2Index, readFanout, V2_HEADER_BYTES, v2Layout } from './pack-index.js';

const OID_BYTES = 20;

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
  private readonly readLarge = (k: number) => this.bytes(this.largeAt + k * 8, 8).readBigUInt64BE(0);

  private constructor(
    private readonly file: OpenFile,
    private readonly path: string,
    private readonly fanout: Uint32Array,
  ) {
    this.count = fanout[255] as number;
    const layout = v2Layout(this.count, file.size, path);
    this.offsetsAt = layout.offsetsAt;
    this.largeAt = layout.largeAt;
    this.largeCount = layout.largeCount;
    this.packChecksum = this.bytes(layout.packChecksumAt, OID_BYTES);
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
      const head = readAt(file, 0, V2_HEADER_BYTES + FANOUT_BYTES);
      if (!isV2Index(head, file.size, path)) {
        closeSync(file.fd);
        return null;
      }
      return new PackIndexProbe(file, path, readFanout(head, V2_HEADER_BYTES, path));
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
    const idsAt = V2_HEADER_BYTES + FANOUT_BYTES;
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
    return entryOffset(this.bytes(this.offsetsAt + i * 4, 4).readUInt32BE(0), this.largeCount, this.readLarge, this.path);
  }

  close(): void {
    closeSync(this.file.fd);
  }
}
