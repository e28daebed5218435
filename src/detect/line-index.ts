// Turns byte offsets into 1-based line/column and line ranges. Built only for blobs that have
// matches, and walked forward from match to match (callers visit offsets in ascending order), so
// a blob costs one pass up to its last match however many matches it has: no quadratic work on a
// 50 MB single-line file, and no array of line starts to allocate.

const NEWLINE = 0x0a;

/** Where an offset sits: its line number, the line's byte range and its column. */
export interface LinePosition {
  /** 1-based line number. */
  line: number;
  /** 1-based column in Unicode code points (an invalid UTF-8 byte counts as one). */
  column: number;
  /** Byte offset of the line's first byte. */
  lineStart: number;
  /** Byte offset of the line's `\n` (or the blob's end); a trailing `\r` is inside the range. */
  lineEnd: number;
}

/** Counts code points in `buf[from, to)`: every byte that is not a UTF-8 continuation byte. */
export function countCodePoints(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    if (((buf[i] as number) & 0xc0) !== 0x80) n++;
  }
  return n;
}

/** Forward-only cursor over a blob's lines. */
export class LineCursor {
  private readonly buf: Buffer;
  private line = 1;
  private lineStart = 0;
  private lineEnd: number;
  private lastOffset = 0;
  private lastColumn = 1;

  constructor(buf: Buffer) {
    this.buf = buf;
    this.lineEnd = this.findLineEnd(0);
  }

  /** Position of `offset`; offsets must not decrease between calls (a smaller one restarts the walk). */
  locate(offset: number): LinePosition {
    if (offset < this.lastOffset) this.restart();
    while (offset > this.lineEnd && this.lineEnd < this.buf.length) {
      this.line++;
      this.lineStart = this.lineEnd + 1;
      this.lineEnd = this.findLineEnd(this.lineStart);
      this.lastOffset = this.lineStart;
      this.lastColumn = 1;
    }
    const from = Math.max(this.lastOffset, this.lineStart);
    if (from === this.lineStart) this.lastColumn = 1;
    this.lastColumn += countCodePoints(this.buf, from, offset);
    this.lastOffset = offset;
    return { line: this.line, column: this.lastColumn, lineStart: this.lineStart, lineEnd: this.lineEnd };
  }

  private restart(): void {
    this.line = 1;
    this.lineStart = 0;
    this.lineEnd = this.findLineEnd(0);
    this.lastOffset = 0;
    this.lastColumn = 1;
  }

  private findLineEnd(from: number): number {
    const at = this.buf.indexOf(NEWLINE, from);
    return at === -1 ? this.buf.length : at;
  }
}

/** Byte offset just past the line holding `offset` (its `\n`, or the blob's end). */
export function findLineEnd(buf: Buffer, offset: number): number {
  const at = buf.indexOf(NEWLINE, offset);
  return at === -1 ? buf.length : at;
}

/** Byte offset of the first byte of the line holding `offset`. */
export function findLineStart(buf: Buffer, offset: number): number {
  if (offset === 0) return 0;
  return buf.lastIndexOf(NEWLINE, offset - 1) + 1;
}
