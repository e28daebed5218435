// Positioned reads of pack bytes through reusable windows, so memory does not grow with pack size
// and reading a pack in offset order costs one read(2) per window, not one per object.
import { closeSync, readSync } from 'node:fs';
import { openRegularFile } from '../regular-file.js';

/** Random access to the bytes of one pack, on disk or in memory. */
export interface ByteSource {
  /** Total length in bytes. */
  readonly size: number;
  /**
   * Bytes [offset, offset + length), clamped to the end. The view is valid only until the next
   * call on any source sharing its windows: use it (inflate it) before reading again.
   * `sequential` says the caller walks forward, so reading ahead pays off.
   */
  bytes(offset: number, length: number, sequential: boolean): Buffer;
  /** Releases the file descriptor, if any. */
  close(): void;
}

/** One reusable buffer holding a stretch of one file. */
class Window {
  private buf: Buffer | null = null;
  private owner: object | null = null;
  private start = 0;
  private end = 0;

  /** `readAhead`: how much a fill reads beyond what was asked, at least (up to capacity). */
  constructor(
    private readonly capacity: number,
    private readonly readAhead = capacity,
  ) {}

  view(owner: object, offset: number, length: number): Buffer | null {
    if (owner !== this.owner || offset < this.start || offset + length > this.end || this.buf === null) return null;
    return this.buf.subarray(offset - this.start, offset - this.start + length);
  }

  /** Refills from `offset` (up to capacity or `fileSize`); null when `length` does not fit. */
  fill(owner: object, fd: number, offset: number, length: number, fileSize: number): Buffer | null {
    if (length > this.capacity) return null;
    const want = Math.min(this.capacity, Math.max(length, this.readAhead), fileSize - offset);
    // Grow lazily, so small packs never cost a full-size window.
    if (this.buf === null || this.buf.length < want) {
      this.buf = Buffer.allocUnsafe(Math.min(this.capacity, Math.max(want, (this.buf?.length ?? 0) * 2, 1 << 16)));
    }
    this.owner = null;
    const got = readFully(fd, this.buf, want, offset);
    this.owner = owner;
    this.start = offset;
    this.end = offset + got;
    return this.buf.subarray(0, Math.min(length, got));
  }

  forget(owner: object): void {
    if (this.owner === owner) this.owner = null;
  }
}

function readFully(fd: number, buf: Buffer, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

// A scattered read is a delta base or a lookup by id: one entry, usually a few KiB compressed.
// Filling the whole 256 KiB window for each read 57 times the pack's bytes on a redis scan
// (21 GB of pread for a 373 MB pack); a fill of what was asked, at least this much, is enough.
const SCATTERED_READ_AHEAD = 16 << 10;

/**
 * The two windows one object store shares across its packs: a large one that slides forward
 * for pack-order reading, and a small one for scattered reads (delta bases, lookups by id), so
 * a scattered read never throws away the large window's contents.
 */
export class WindowPair {
  readonly sequential: Window;
  readonly scattered: Window;

  constructor(sequentialBytes = 32 << 20, scatteredBytes = 256 << 10) {
    this.sequential = new Window(sequentialBytes);
    this.scattered = new Window(scatteredBytes, Math.min(scatteredBytes, SCATTERED_READ_AHEAD));
  }
}

/** A pack file read through a {@link WindowPair}. */
export class FileByteSource implements ByteSource {
  readonly size: number;
  private fd: number;

  /** Opens `path` if it is a regular file; throws UnreadableFileError (a FIFO would block) or the system error. */
  constructor(
    path: string,
    private readonly windows: WindowPair,
  ) {
    const file = openRegularFile(path);
    this.fd = file.fd;
    this.size = file.size;
  }

  bytes(offset: number, length: number, sequential: boolean): Buffer {
    const len = Math.max(0, Math.min(length, this.size - offset));
    const { sequential: seq, scattered } = this.windows;
    const hit = seq.view(this, offset, len) ?? scattered.view(this, offset, len);
    if (hit !== null) return hit;
    const filled = (sequential ? seq : scattered).fill(this, this.fd, offset, len, this.size);
    if (filled !== null) return filled;
    const own = Buffer.allocUnsafe(len);
    return own.subarray(0, readFully(this.fd, own, len, offset));
  }

  close(): void {
    if (this.fd < 0) return;
    this.windows.sequential.forget(this);
    this.windows.scattered.forget(this);
    closeSync(this.fd);
    this.fd = -1;
  }
}

/** Pack bytes already in memory (bundles, fetched packs). */
export class MemoryByteSource implements ByteSource {
  readonly size: number;

  constructor(private readonly buf: Buffer) {
    this.size = buf.length;
  }

  bytes(offset: number, length: number): Buffer {
    return this.buf.subarray(offset, Math.min(this.size, offset + length));
  }

  close(): void {}
}
