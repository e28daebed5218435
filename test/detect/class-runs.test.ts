import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classRunTriples, RUN_DIGIT, RUN_LOWER, RUN_NOT_HEX, RUN_UPPER } from '../../src/detect/class-runs.js';

// The plain reading of what the WebAssembly search must find: every maximal run of the base64
// alphabet at least `min` long, with the kinds of bytes it holds.
function reference(buf: Buffer, min: number): number[][] {
  const out: number[][] = [];
  const text = buf.toString('latin1');
  for (const m of text.matchAll(/[A-Za-z0-9+/_-]+/g)) {
    if (m[0].length < min) continue;
    const flags =
      (/[A-Z]/.test(m[0]) ? RUN_UPPER : 0) |
      (/[a-z]/.test(m[0]) ? RUN_LOWER : 0) |
      (/[0-9]/.test(m[0]) ? RUN_DIGIT : 0) |
      (/[^0-9a-fA-F]/.test(m[0]) ? RUN_NOT_HEX : 0);
    out.push([m.index, m.index + m[0].length, flags]);
  }
  return out;
}

function found(buf: Buffer, min: number, segment?: number): number[][] {
  const flat = [...classRunTriples(buf, min, segment)];
  return Array.from({ length: flat.length / 3 }, (_, k) => flat.slice(3 * k, 3 * k + 3));
}

describe('classRunTriples', () => {
  it('finds the same runs as a plain regular expression, wherever steps and segments fall', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    // Every byte value can appear; alphabet bytes are frequent so long runs form at every offset.
    const alphabet = Buffer.from('ABCDEFabcdefXYZxyz0123456789+/-_');
    for (let round = 0; round < 400; round++) {
      const buf = Buffer.alloc(rand(700));
      for (let i = 0; i < buf.length; i++) buf[i] = rand(8) === 0 ? rand(256) : (alphabet[rand(alphabet.length)] as number);
      const min = 24 + rand(12);
      const segment = 16 * (1 + rand(6));
      const expected = reference(buf, min);
      expect(found(buf, min), `round ${round}`).toEqual(expected);
      expect(found(buf, min, segment), `round ${round}, segments of ${segment}`).toEqual(expected);
    }
  });

  it('finds thousands of runs in one buffer, however the segments fall', () => {
    let seed = 3;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      // Up to thousands of runs, so the output grows several times.
      const buf = Buffer.alloc(rand(60_000));
      for (let i = 0; i < buf.length; i++) buf[i] = rand(30) === 0 ? 0x20 : 0x41 + rand(26);
      const segment = 16 * (1 + rand(64));
      expect(found(buf, 24), `round ${round}`).toEqual(reference(buf, 24));
      expect(found(buf, 24, segment), `round ${round}, segments of ${segment}`).toEqual(reference(buf, 24));
    }
    expect(classRunTriples(Buffer.alloc(0), 24)).toHaveLength(0);
  });

  it('finds a run that ends the buffer at a step boundary, and one that spans many segments', () => {
    const exact = Buffer.from(`${'x'.repeat(16)} ${'Ab1'.repeat(15)}`.slice(0, 64));
    expect(found(exact, 24)).toEqual(reference(exact, 24));
    const long = Buffer.from(`, ${'aB3+'.repeat(100)} ;`);
    expect(found(long, 24, 32)).toEqual([[2, 402, RUN_UPPER | RUN_LOWER | RUN_DIGIT | RUN_NOT_HEX]]);
    expect(found(Buffer.alloc(0), 24)).toEqual([]);
  });

  it('refuses runs too short for its output, and segments of a bad size', () => {
    const text = Buffer.from(Array.from({ length: 5 }, (_, i) => `${i}`.repeat(30)).join(' '));
    expect(() => classRunTriples(text, 16)).toThrow(RangeError);
    expect(() => classRunTriples(text, 24, 20)).toThrow(RangeError);
  });

  it('runs the module assembled from class-runs.wat', async () => {
    const root = join(import.meta.dirname, '../..');
    const { assemble } = await import(join(root, 'bin/assemble-wasm.mjs'));
    expect(await assemble()).toBe(readFileSync(join(root, 'src/detect/class-runs-wasm.ts'), 'utf8'));
  });
});
