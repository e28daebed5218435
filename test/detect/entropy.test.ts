import { describe, expect, it } from 'vitest';
import { computeEntropy } from '../../src/detect/entropy.js';

describe('computeEntropy', () => {
  it('is 0 for empty and single-symbol strings', () => {
    expect(computeEntropy('')).toBe(0);
    expect(computeEntropy('aaaaaaaa')).toBe(0);
  });

  it('is log2(n) for n equally frequent symbols', () => {
    expect(computeEntropy('ab')).toBeCloseTo(1, 10);
    expect(computeEntropy('abcd')).toBeCloseTo(2, 10);
    expect(computeEntropy('0123456789abcdef')).toBeCloseTo(4, 10);
  });

  it('weights by frequency', () => {
    // p = 3/4, 1/4 → 0.811 bits
    expect(computeEntropy('aaab')).toBeCloseTo(0.8113, 3);
  });

  it('counts a non-ASCII code point as one symbol', () => {
    expect(computeEntropy('😀😀')).toBe(0);
    expect(computeEntropy('é😀')).toBeCloseTo(1, 10);
  });

  it('separates random keys from words', () => {
    expect(computeEntropy('j7BqPSBgs2jOf2S/ZcGSOBOGIbmDtfRCdA4SFTVA')).toBeGreaterThan(4.5);
    expect(computeEntropy('changeme')).toBeLessThan(3);
  });
});
