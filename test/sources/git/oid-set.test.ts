import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OidSet } from '../../../src/sources/git/oid-set.js';

describe('OidSet', () => {
  it('finds every id added, in place in other bytes, and no other', () => {
    const set = new OidSet(20);
    const ids = Array.from({ length: 20000 }, () => randomBytes(20));
    for (const id of ids) set.add(id, 0);
    expect(set.size).toBe(20000);
    // Looked up at an offset inside a bigger buffer, as tree entries are.
    for (const id of ids) expect(set.has(Buffer.concat([Buffer.from('100644 a\0'), id]), 9)).toBe(true);
    for (let i = 0; i < 2000; i++) expect(set.has(randomBytes(20), 0)).toBe(false);
  });

  it('tells apart ids that share their first bytes', () => {
    const set = new OidSet(20);
    const a = Buffer.alloc(20, 7);
    const b = Buffer.from(a);
    b[19] = 8;
    set.add(a, 0);
    set.add(a, 0);
    expect(set.size).toBe(1);
    expect(set.has(b, 0)).toBe(false);
    set.add(b, 0);
    expect(set.has(a, 0) && set.has(b, 0)).toBe(true);
    expect(set.size).toBe(2);
  });
});
