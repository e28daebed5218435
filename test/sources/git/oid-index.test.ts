import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OidIndex, OidList } from '../../../src/sources/git/oid-index.js';

const idOf = (n: number) => createHash('sha1').update(`object ${n}`).digest();

describe('OidIndex', () => {
  it('numbers ids in the order added and finds each by bytes or hex, across growth', () => {
    const index = new OidIndex();
    for (let n = 0; n < 5000; n++) expect(index.add(idOf(n))).toBe(n);
    expect(index.size).toBe(5000);
    for (let n = 0; n < 5000; n += 7) {
      expect(index.find(idOf(n))).toBe(n);
      expect(index.findHex(idOf(n).toString('hex'))).toBe(n);
      expect(index.hexAt(n)).toBe(idOf(n).toString('hex'));
      expect(index.idAt(n).equals(idOf(n))).toBe(true);
    }
  });

  it('adds an id once and finds it inside a larger buffer', () => {
    const index = new OidIndex();
    const hex = idOf(1).toString('hex');
    expect(index.addHex(hex)).toBe(0);
    expect(index.add(idOf(1))).toBe(0);
    expect(index.size).toBe(1);
    const tree = Buffer.concat([Buffer.from('100644 a\0'), idOf(1)]);
    expect(index.find(tree, 9)).toBe(0);
  });

  it('answers -1 for an absent id and for text that is not an id', () => {
    const index = new OidIndex();
    index.add(idOf(1));
    expect(index.find(idOf(2))).toBe(-1);
    expect(index.findHex('not an id')).toBe(-1);
    expect(index.findHex('zz'.repeat(20))).toBe(-1);
  });

  it('tells apart ids that share their first bytes, the four its hash is', () => {
    const index = new OidIndex();
    const a = Buffer.alloc(20, 7);
    const b = Buffer.from(a);
    b[19] = 8;
    index.add(a);
    expect(index.has(b)).toBe(false);
    expect(index.add(b)).toBe(1);
    expect(index.has(a) && index.has(b)).toBe(true);
    expect(index.find(a)).toBe(0);
  });
});

describe('OidList', () => {
  it('appends raw and hex ids across growth, pops them last first, and copies exactly what it holds', () => {
    const list = new OidList();
    for (let n = 0; n < 3000; n++) {
      if (n % 2 === 0) list.push(idOf(n));
      else list.pushHex(idOf(n).toString('hex'));
    }
    list.push(Buffer.concat([idOf(3000), idOf(3001)]));
    expect(list.count).toBe(3002);
    const copy = list.copy();
    expect(copy.buffer.byteLength).toBe(3002 * 20);
    expect(Buffer.from(copy.subarray(20 * 7, 20 * 8)).equals(idOf(7))).toBe(true);
    for (let n = 3001; n >= 2990; n--) {
      const at = list.pop();
      expect(list.bytes.subarray(at, at + 20).equals(idOf(n))).toBe(true);
    }
    expect(list.count).toBe(2990);
  });
});
