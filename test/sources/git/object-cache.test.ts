import { describe, expect, it } from 'vitest';
import { ObjectCache } from '../../../src/sources/git/object-cache.js';

const blob = (bytes: number) => ({ type: 'blob' as const, data: Buffer.alloc(bytes) });

describe('ObjectCache', () => {
  it('evicts the least recently used entries to stay within its byte budget', () => {
    const cache = new ObjectCache(4 * (1000 + 80));
    for (let k = 0; k < 4; k++) cache.set(k, blob(1000));
    expect(cache.get(0)).toBeDefined(); // 0 is now the most recent
    cache.set(4, blob(1000));
    expect(cache.get(1)).toBeUndefined();
    for (const k of [0, 2, 3, 4]) expect(cache.get(k)).toBeDefined();
  });

  it('keeps only the most recent object bigger than a quarter of the budget, outside it', () => {
    const cache = new ObjectCache(10_000);
    cache.set(1, blob(3000));
    expect(cache.get(1)).toBeDefined();
    cache.set(2, blob(3000));
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(2)).toBeDefined();
    for (let k = 10; k < 20; k++) cache.set(k, blob(1000));
    expect(cache.get(2)).toBeDefined();
  });

  it('stays bounded over many inserts and hits', () => {
    const cache = new ObjectCache(100 * 180);
    for (let i = 0; i < 200_000; i++) {
      cache.set(i, blob(100));
      cache.get(i - 1);
      cache.get(i - 50);
    }
    let present = 0;
    for (let i = 199_000; i < 200_000; i++) if (cache.get(i) !== undefined) present++;
    expect(present).toBeLessThanOrEqual(100);
    expect(cache.get(199_999)).toBeDefined();
  });

  it('keys packs apart', () => {
    expect(ObjectCache.key(1, 12)).not.toBe(ObjectCache.key(0, 12));
  });
});
