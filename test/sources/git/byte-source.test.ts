import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileByteSource, WindowPair } from '../../../src/sources/git/byte-source.js';

const dir = mkdtempSync(join(tmpdir(), 'byte-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A file whose every byte says where it is, so a wrong offset shows in the bytes.
function patterned(size: number): { path: string; data: Buffer } {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 7 + (i >> 8)) & 0xff;
  const path = join(dir, `f${size}`);
  writeFileSync(path, data);
  return { path, data };
}

describe('FileByteSource', () => {
  const { path, data } = patterned(3 << 20);

  it('gives the asked bytes for scattered reads shorter and longer than a fill', () => {
    const source = new FileByteSource(path, new WindowPair(1 << 20, 256 << 10));
    // Header-sized reads, reads that outrun the first fill, and reads past the window's capacity.
    const reads: [number, number][] = [
      [12, 32],
      [12, 20_000],
      [5_000, 40],
      [5_000, 300_000],
      [2_000_000, 70_000],
      [1_999_990, 16],
      [data.length - 10, 64],
    ];
    for (const [offset, length] of reads) {
      const got = source.bytes(offset, length, false);
      expect(Buffer.compare(got, data.subarray(offset, offset + length))).toBe(0);
    }
    source.close();
  });

  it('keeps the sequential window when scattered reads come between', () => {
    const source = new FileByteSource(path, new WindowPair(1 << 20, 64 << 10));
    for (let offset = 0; offset < data.length; offset += 99_991) {
      const seq = source.bytes(offset, 500, true);
      expect(Buffer.compare(seq, data.subarray(offset, offset + 500))).toBe(0);
      const back = Math.max(0, offset - 777_777);
      const scattered = source.bytes(back, 3_000, false);
      expect(Buffer.compare(scattered, data.subarray(back, back + 3_000))).toBe(0);
    }
    source.close();
  });
});
