import { describe, expect, it } from 'vitest';
import { ENTRY_OVERHEAD, ObjectCache } from '../../../src/sources/git/object-cache.js';

const blob = (bytes: number) => ({ type: 'blob' as const, data: Buffer.alloc(bytes) });

describe('ObjectCache', () => {
  it('evicts the least recently used entries to stay within its byte budget', () => {
    const cache = new ObjectCache(4 * (1000 + ENTRY_OVERHEAD));
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

  it('charges a shared pool slab once, whole, while any cached slice uses it', () => {
    const slab = new ArrayBuffer(8192);
    const slice = (at: number) => ({ type: 'blob' as const, data: Buffer.from(slab, at * 100, 100) });
    const cache = new ObjectCache(1 << 20);
    for (let k = 0; k < 10; k++) cache.set(k, slice(k));
    expect(cache.charged).toBe(8192 + 10 * ENTRY_OVERHEAD);
    cache.set(3, blob(50));
    expect(cache.charged).toBe(8192 + 50 + 10 * ENTRY_OVERHEAD);
  });

  it('keeps small slices of many slabs within the budget their slabs really cost', () => {
    const cache = new ObjectCache(64 * 1024);
    for (let k = 0; k < 1000; k++) cache.set(k, { type: 'blob', data: Buffer.from(new ArrayBuffer(8192), 0, 64) });
    expect(cache.charged).toBeLessThanOrEqual(64 * 1024);
    let present = 0;
    for (let k = 0; k < 1000; k++) if (cache.get(k) !== undefined) present++;
    expect(present).toBeLessThanOrEqual(8);
  });

  it('keys packs apart', () => {
    expect(ObjectCache.key(1, 12)).not.toBe(ObjectCache.key(0, 12));
  });
});
