// The completeness check's walk in tree-check.wat against what it must answer: every entry of a
// tree whose object the store lacks, submodule commits left out, in tree order, named as
// parseTree names them; nothing for a malformed tree (whoever reads it whole reports it); and
// each id found present looked up in the store once.
import { describe, expect, it } from 'vitest';
import { type HasObject, NamedObjectCheck } from '../../src/scan/named-objects.js';
import { TreeCheckModule } from '../../src/scan/tree-check.js';
import type { MissingObject } from '../../src/sources/jobs.js';
import { parseTree } from '../../src/sources/git/tree-parse.js';
import { seededRandom } from '../support/seeded-random.js';

const MODES = ['100644', '100755', '120000', '40000', '160000', '040000', '644'];

// A store that has the ids it was given, and counts the lookups it answers.
class CountingStore implements HasObject {
  lookups = 0;
  constructor(private readonly ids: Set<string>) {}
  hasRaw(oid: Buffer): boolean {
    this.lookups++;
    return this.ids.has(oid.toString('hex'));
  }
}

function tree(entries: { mode: string; name: string; id: Buffer }[]): Buffer {
  return Buffer.concat(entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), e.id]));
}

// What the check must report for `data`, from parseTree.
function expected(from: string, data: Buffer, store: Set<string>): MissingObject[] {
  return parseTree(data)
    .filter((e) => e.kind !== 'commit' && !store.has(e.oid))
    .map((e) => ({ oid: e.oid, kind: e.kind === 'tree' ? 'tree' : 'blob', from, name: e.name }));
}

describe('the tree walk of the completeness check (tree-check.wat)', () => {
  it('reports what parseTree says is missing, over generated trees and ids that collide in the table', () => {
    const next = seededRandom(42);
    // A quarter of the ids share their first 16 bits, so about half of those take each other's slot.
    const ids = Array.from({ length: 40 }, (_, n) => {
      const id = Buffer.alloc(20);
      for (let k = 0; k < 20; k++) id[k] = Math.floor(next() * 256);
      if (n % 4 === 0) id.writeUInt16BE(0xabcd, 0);
      return id;
    });
    ids.push(Buffer.alloc(20)); // the all-zero id: no object has it
    const inStore = new Set(ids.filter((_, n) => n % 3 !== 0 && n !== ids.length - 1).map((id) => id.toString('hex')));
    const store = new CountingStore(inStore);
    const check = new NamedObjectCheck(store);
    let reported = 0;
    for (let t = 0; t < 500; t++) {
      const count = Math.floor(next() * 30);
      const data = tree(
        Array.from({ length: count }, (_, k) => ({
          mode: MODES[Math.floor(next() * MODES.length)] as string,
          name: `f${k}\u00e9.${Math.floor(next() * 100)}`,
          id: ids[Math.floor(next() * ids.length)] as Buffer,
        })),
      );
      const missing: MissingObject[] = [];
      check.tree(`t${t}`, data, missing);
      expect({ t, missing }).toEqual({ t, missing: expected(`t${t}`, data, inStore) });
      reported += missing.length;
    }
    expect(reported).toBeGreaterThan(500);
    // Present ids are remembered: far fewer lookups than entries naming them.
    expect(store.lookups).toBeLessThan(3000);
  });

  it('looks an id found present up once, however many trees name it', () => {
    const id = Buffer.alloc(20, 7);
    const store = new CountingStore(new Set([id.toString('hex')]));
    const check = new NamedObjectCheck(store);
    for (let t = 0; t < 50; t++) check.tree('x', tree([{ mode: '100644', name: `n${t}`, id }]), []);
    expect(store.lookups).toBe(1);
  });

  it('reports nothing from a malformed tree, as the JavaScript walk does', () => {
    const id = Buffer.alloc(20, 1);
    const good = tree([{ mode: '100644', name: 'a', id }]);
    const store = new CountingStore(new Set());
    const check = new NamedObjectCheck(store);
    for (const bad of [
      good.subarray(0, good.length - 1),
      Buffer.from('100644 a'),
      Buffer.concat([Buffer.from('1008 a\0'), id]),
      Buffer.concat([Buffer.from(' a\0'), id]),
    ]) {
      const missing: MissingObject[] = [];
      check.tree('bad', bad, missing);
      expect(missing).toEqual([]);
    }
    const missing: MissingObject[] = [];
    check.tree('good', good, missing);
    expect(missing).toEqual([{ oid: id.toString('hex'), kind: 'blob', from: 'good', name: 'a' }]);
  });

  it('walks a tree whose modes are too long for the module in JavaScript, with the same answer', () => {
    const id = Buffer.alloc(20, 2);
    const padded = Buffer.concat([Buffer.from('0000000040000 sub\0'), id]);
    expect(new TreeCheckModule().unknown(padded)).toBeNull();
    expect(new TreeCheckModule().unknown(Buffer.concat([Buffer.from('0000040000 sub\0'), id]))).toEqual(Int32Array.of(0));
    const missing: MissingObject[] = [];
    new NamedObjectCheck(new CountingStore(new Set())).tree('p', padded, missing);
    expect(missing).toEqual([{ oid: id.toString('hex'), kind: 'tree', from: 'p', name: 'sub' }]);
  });

  it('lists every entry of a tree of the smallest entries git takes (empty names)', () => {
    const id = Buffer.alloc(20, 3);
    const entries = Buffer.concat(Array.from({ length: 100_000 }, () => Buffer.concat([Buffer.from('0 \0'), id])));
    const missing: MissingObject[] = [];
    new NamedObjectCheck(new CountingStore(new Set())).tree('tiny', entries, missing);
    expect(missing).toHaveLength(100_000);
    expect(missing[99_999]).toEqual({ oid: id.toString('hex'), kind: 'blob', from: 'tiny', name: '' });
  });
});
