import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyDelta, deltaAppliers, readDeltaSizes } from '../../../src/sources/git/delta.js';

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** copy(offset, size) as git encodes it: a flag byte, then only the non-zero bytes. */
function copy(offset: number, size: number): number[] {
  let cmd = 0x80;
  const bytes: number[] = [];
  for (let i = 0; i < 4; i++) {
    const b = (offset >>> (8 * i)) & 0xff;
    if (b) {
      cmd |= 1 << i;
      bytes.push(b);
    }
  }
  for (let i = 0; i < 3; i++) {
    const b = (size >>> (8 * i)) & 0xff;
    if (b) {
      cmd |= 0x10 << i;
      bytes.push(b);
    }
  }
  return [cmd, ...bytes];
}

const insert = (text: string) => [text.length, ...Buffer.from(text)];
const delta = (baseSize: number, resultSize: number, ...ops: number[][]) =>
  Buffer.from([...varint(baseSize), ...varint(resultSize), ...ops.flat()]);

describe('applyDelta', () => {
  const base = Buffer.from('The quick brown fox jumps over the lazy dog, again and again and again.');

  it('copies and inserts', () => {
    const d = delta(base.length, 24, copy(4, 15), insert(' leaps'), copy(43, 3));
    expect(applyDelta(base, d).toString()).toBe('quick brown fox leaps, a');
  });

  it('handles long copies and a copy of size 0x10000 (encoded as 0)', () => {
    const big = Buffer.alloc(0x20000, 'x');
    big.write('marker', 0x10000 + 5);
    const d = delta(big.length, 0x10000 + 40, [0x80 | 0x04, 0x01], copy(0x10000, 40));
    const out = applyDelta(big, d);
    expect(out.length).toBe(0x10000 + 40);
    expect(out.subarray(0x10000 + 5, 0x10000 + 11).toString()).toBe('marker');
  });

  it('reads the two sizes', () => {
    expect(readDeltaSizes(delta(300, 70000))).toEqual({ baseSize: 300, resultSize: 70000, start: 5 });
  });

  it.each([
    ['wrong base size', delta(5, 3, copy(0, 3))],
    ['copy past the base', delta(base.length, 10, copy(base.length - 5, 10))],
    ['copy past the result', delta(base.length, 4, copy(0, 10))],
    ['insert past the delta', Buffer.from([...varint(base.length), 5, 9, 65, 66])],
    ['insert past the result', delta(base.length, 2, insert('abc'))],
    ['result shorter than promised', delta(base.length, 50, copy(0, 10))],
    ['reserved opcode 0', delta(base.length, 1, [0])],
    ['copy flags with no bytes left', Buffer.from([...varint(base.length), 1, 0x91])],
    ['size header cut short', Buffer.from([0x80])],
    ['impossible result size', Buffer.from([...varint(base.length), ...varint(2 ** 40)])],
  ])('rejects %s with GIT_CORRUPT_OBJECT', (_, d) => {
    expect(() => applyDelta(base, d)).toThrow(expect.objectContaining({ code: 'GIT_CORRUPT_OBJECT' }));
    // The module has no answer for it either (the JavaScript then names what is wrong).
    let fromModule: Buffer | null = null;
    try {
      fromModule = deltaAppliers.module(base, d);
    } catch {}
    expect(fromModule).toBeNull();
  });
});

describe('the delta module', () => {
  // A replayable stream of numbers in [0, 1).
  const random = (seed: number) => () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };

  it('builds the same bytes as the JavaScript for copies and inserts of every size', () => {
    const rnd = random(21);
    for (let round = 0; round < 300; round++) {
      const source = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 5000) }, () => Math.floor(rnd() * 256)));
      const ops: number[][] = [];
      let size = 0;
      for (let k = Math.floor(rnd() * 40); k > 0; k--) {
        if (rnd() < 0.5) {
          const n = 1 + Math.floor(rnd() * (rnd() < 0.8 ? 40 : 127));
          ops.push(insert(String.fromCharCode(...Array.from({ length: n }, () => 32 + Math.floor(rnd() * 90)))));
          size += n;
        } else {
          const n = 1 + Math.floor(rnd() * Math.min(source.length, rnd() < 0.7 ? 40 : 4000));
          ops.push(copy(Math.floor(rnd() * (source.length - n + 1)), n));
          size += n;
        }
      }
      const d = delta(source.length, size, ...ops);
      const fromModule = deltaAppliers.module(source, d);
      expect(fromModule).not.toBeNull();
      expect(fromModule?.equals(deltaAppliers.js(source, d))).toBe(true);
    }
  });

  it('applies a chain, each delta to the result before it, as the JavaScript does', () => {
    // The module keeps its last result where it made it and applies the next delta there.
    const rnd = random(33);
    let fromModule: Buffer = Buffer.from(Array.from({ length: 3000 }, () => Math.floor(rnd() * 256)));
    let fromJs = fromModule;
    for (let step = 0; step < 400; step++) {
      const n = fromModule.length;
      const cut = 10 + Math.floor(rnd() * (n - 10));
      const grow = rnd() < 0.3 ? 30000 : 40;
      const d = delta(
        n,
        n - Math.min(cut, 10) + grow,
        copy(0, cut - Math.min(cut, 10)),
        insert('x'.repeat(grow > 127 ? 127 : grow)),
        ...(grow > 127
          ? Array.from({ length: Math.ceil((grow - 127) / 127) }, (_, k) => insert('y'.repeat(Math.min(127, grow - 127 - 127 * k))))
          : []),
        copy(cut, n - cut),
      );
      fromModule = applyDelta(fromModule, d);
      fromJs = deltaAppliers.js(fromJs, d);
      expect(fromModule.equals(fromJs)).toBe(true);
    }
  });

  it('leaves an object too large for its memory to the JavaScript', () => {
    const big = Buffer.alloc(5 << 20, 'y');
    big.write('end', big.length - 3);
    const d = delta(big.length, big.length, ...Array.from({ length: 80 }, (_, k) => copy(k * 0x10000, 0x10000)));
    expect(deltaAppliers.module(big, d)).toBeNull();
    expect(applyDelta(big, d).equals(big)).toBe(true);
  });

  it('runs the module assembled from delta.wat', async () => {
    const root = join(import.meta.dirname, '../../..');
    const { assemble } = await import(join(root, 'bin/assemble-wasm.mjs'));
    expect(await assemble('delta')).toBe(readFileSync(join(root, 'src/sources/git/delta-wasm.ts'), 'utf8'));
  });
});
