import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PackIndex, parsePackIndex } from '../../../src/sources/git/pack-index.js';
import { indexPackBytes } from '../../../src/sources/git/pack-indexer.js';
import { type GitFixture, makeRepo } from '../../support/git-fixture.js';
import { commitHistory } from './cross-check.js';

let f: GitFixture;
let idxPath: string;
let idx: Buffer;
let packPath: string;

beforeAll(async () => {
  f = await makeRepo();
  await commitHistory(f, 12);
  await f.git('gc', '-q');
  const dir = join(f.dir, '.git/objects/pack');
  const base = readdirSync(dir)
    .find((n) => n.endsWith('.idx'))!
    .slice(0, -4);
  idxPath = join(dir, `${base}.idx`);
  packPath = join(dir, `${base}.pack`);
  idx = readFileSync(idxPath);
});
afterAll(() => f.cleanup());

describe('parsePackIndex', () => {
  it('finds every object git lists, and nothing else', async () => {
    const index = parsePackIndex(idx, idxPath);
    const verify = await f.git('verify-pack', '-v', idxPath);
    const rows = verify
      .split('\n')
      .filter((l) => /^[0-9a-f]{40} /.test(l))
      .map((l) => l.split(/ +/));
    expect(index.count).toBe(rows.length);
    for (const row of rows) {
      const pos = index.find(Buffer.from(row[0] as string, 'hex'));
      expect(pos).toBeGreaterThanOrEqual(0);
      expect(index.offsets[pos]).toBe(Number(row[4]));
    }
    expect(index.find(Buffer.alloc(20, 0xff))).toBe(-1);
    expect(index.find(Buffer.alloc(20, 0))).toBe(-1);
  });

  it('tells apart ids that share their first five bytes, present or not', () => {
    // Real ids almost never share bytes 1-4, so the fast compare of those alone is checked here.
    const id = (tail: number, head = 'ab01020304') => Buffer.from(`${head}${tail.toString(16).padStart(30, '0')}`, 'hex');
    const ids = [id(1, 'ab00000000'), id(1), id(2), id(0x7f), id(0x80), id(3, 'ab01020305'), id(1, 'ac00000000')];
    const index = new PackIndex(
      Buffer.concat(ids),
      Float64Array.from(ids, (_, i) => 100 + i),
    );
    expect(ids.map((oid) => index.find(oid))).toEqual(ids.map((_, i) => i));
    for (const absent of [id(0), id(3), id(0x81), id(2, 'ab01020305'), id(1, 'ab01020303'), id(1, 'aa01020304')]) {
      expect(index.find(absent)).toBe(-1);
    }
    // An id looked up where it lies inside a larger buffer (a tree entry).
    expect(index.find(Buffer.concat([Buffer.from('xx'), id(0x80)]).subarray(2))).toBe(4);
  });

  it('reads one offset without decoding the table, so a damaged entry stops only its own object', () => {
    const damaged = Buffer.from(idx);
    damaged.writeUInt32BE(0x80000005, 8 + 1024 + damaged.readUInt32BE(8 + 255 * 4) * 24);
    const index = parsePackIndex(damaged, idxPath);
    const whole = parsePackIndex(idx, idxPath);
    for (let i = 1; i < index.count; i++) expect(index.offsetAt(i)).toBe(whole.offsets[i]);
    expect(() => index.offsetAt(0)).toThrow(expect.objectContaining({ code: 'GIT_CORRUPT_PACK' }));
  });

  it.each([
    ['cut short', (b: Buffer) => b.subarray(0, 1500)],
    ['tiny', (b: Buffer) => b.subarray(0, 100)],
    ['an unknown version', (b: Buffer) => Buffer.concat([b.subarray(0, 4), Buffer.from([0, 0, 0, 9]), b.subarray(8)])],
    [
      'a fanout that goes down',
      (b: Buffer) => {
        const c = Buffer.from(b);
        c.writeUInt32BE(0xffffff, 8 + 4 * 100);
        return c;
      },
    ],
    [
      'a large offset with no table entry',
      (b: Buffer) => {
        const c = Buffer.from(b);
        const count = c.readUInt32BE(8 + 255 * 4);
        c.writeUInt32BE(0x80000005, 8 + 1024 + count * 24);
        return c;
      },
    ],
  ])('throws GIT_CORRUPT_PACK with the path for an index %s', (_, damage) => {
    // Offsets are decoded on first use, so a bad one is reported when they are read.
    expect(() => parsePackIndex(damage(idx), idxPath).offsets).toThrow(
      expect.objectContaining({ code: 'GIT_CORRUPT_PACK', data: { path: idxPath } }),
    );
  });
});

describe('indexPackBytes', () => {
  it('computes the same ids and offsets as git index-pack', () => {
    const index = parsePackIndex(idx, idxPath);
    const built = indexPackBytes(readFileSync(packPath), packPath);
    expect(built.problems).toEqual([]);
    expect(built.index.oids.equals(index.oids)).toBe(true);
    expect([...built.index.offsets]).toEqual([...index.offsets]);
    expect(built.dataEnd).toBe(readFileSync(packPath).length - 20);
  });

  it('resolves thin-pack bases through findExternal, and reports them lost without it', async () => {
    const thin = await f.gitBytes(['pack-objects', '--stdout', '--thin', '--revs', '-q'], 'HEAD\n^HEAD~3\n');
    const lost = indexPackBytes(thin, 'thin');
    expect(lost.problems.length).toBeGreaterThan(0);
    expect(lost.problems.every((p) => p.code === 'GIT_CORRUPT_OBJECT')).toBe(true);
    const { ObjectStore } = await import('../../../src/sources/git/object-store.js');
    const { locateRepository } = await import('../../../src/sources/git/repo-layout.js');
    const store = ObjectStore.open(await locateRepository(f.dir));
    const full = indexPackBytes(thin, 'thin', {
      findExternal: (oid) => (store.has(oid.toString('hex')) ? store.read(oid.toString('hex')) : null),
    });
    store.close();
    expect(full.problems).toEqual([]);
    expect(full.index.count).toBe(lost.index.count + lost.problems.length);
  });
});
