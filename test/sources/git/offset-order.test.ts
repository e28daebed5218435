import { describe, expect, it } from 'vitest';
import { orderByOffset } from '../../../src/sources/git/offset-order.js';

// Positions sorted the plain way, to compare with.
function expected(offsets: number[]): number[] {
  return offsets.map((_, i) => i).sort((a, b) => (offsets[a] as number) - (offsets[b] as number));
}

function check(offsets: number[]): void {
  const order = orderByOffset(offsets.length, (i) => offsets[i] as number);
  expect(order.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect([...order]).toEqual(expected(offsets));
}

// A deterministic shuffle, so a failure repeats.
function shuffled(values: number[], seed: number): number[] {
  const out = [...values];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

describe('orderByOffset', () => {
  it('orders nothing and one entry', () => {
    check([]);
    check([12]);
  });

  it('orders the entries of a pack, in whatever order the index lists them', () => {
    const offsets = Array.from({ length: 5000 }, (_, i) => 12 + i * 37 + (i % 5));
    check(shuffled(offsets, 1));
  });

  it('orders offsets one byte apart, every bucket full', () => {
    const dense = Array.from({ length: 70_000 }, (_, i) => 12 + i);
    check(shuffled(dense, 2));
  });

  it('orders a bucket of more entries than the short-run sort takes, beside offsets past 4 GiB', () => {
    const crowded = Array.from({ length: 300 }, (_, i) => 12 + i * 3);
    check(shuffled([...crowded, 2 ** 40 + 5, 2 ** 33, 2 ** 32 + 1, 2 ** 52 + 7], 3));
  });
});
