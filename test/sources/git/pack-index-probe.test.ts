// Lookups in a pack index read on demand (the pre-commit scan's way to packed staged blobs) give
// what the whole index gives, and a damaged index is an error naming it.
import { copyFileSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectStore } from '../../../src/sources/git/object-store.js';
import { readPackIndex } from '../../../src/sources/git/pack-index.js';
import { PackIndexProbe } from '../../../src/sources/git/pack-index-probe.js';
import { locateRepository } from '../../../src/sources/git/repo-layout.js';
import { type GitFixture, makeRepo } from '../../support/git-fixture.js';
import { commitHistory } from './cross-check.js';

let f: GitFixture;
let idxPath: string;

beforeAll(async () => {
  f = await makeRepo();
  await commitHistory(f, 12);
  await f.git('gc', '-q');
  const dir = join(f.dir, '.git/objects/pack');
  idxPath = join(dir, readdirSync(dir).find((n) => n.endsWith('.idx')) as string);
});
afterAll(() => f.cleanup());

function probeOf(path: string): PackIndexProbe {
  const probe = PackIndexProbe.open(path);
  if (probe === null) throw new Error(`${path} is not a version 2 index`);
  return probe;
}

describe('PackIndexProbe', () => {
  it('finds every object of the index at the same position and offset, and nothing else', () => {
    const whole = readPackIndex(idxPath);
    const probe = probeOf(idxPath);
    try {
      expect(probe.count).toBe(whole.count);
      expect(probe.packChecksum).toEqual(whole.packChecksum);
      for (let i = 0; i < whole.count; i++) {
        const oid = whole.oids.subarray(i * 20, i * 20 + 20);
        expect(probe.find(oid)).toBe(i);
        expect(probe.offsetAt(i)).toBe(whole.offsets[i]);
      }
      expect(probe.find(Buffer.alloc(20, 0xff))).toBe(-1);
      expect(probe.find(Buffer.alloc(20, 0))).toBe(-1);
    } finally {
      probe.close();
    }
  });

  it('leaves a version 1 index to be read whole', async () => {
    const v1 = join(f.root, 'v1.idx');
    const pack = idxPath.replace(/\.idx$/, '.pack');
    await f.git('index-pack', '--index-version=1', '-o', v1, pack);
    expect(PackIndexProbe.open(v1)).toBeNull();
  });

  it('names a cut-short index as damaged', () => {
    const cut = join(f.root, 'cut.idx');
    copyFileSync(idxPath, cut);
    truncateSync(cut, readFileSync(idxPath).length - 100);
    expect(() => PackIndexProbe.open(cut)).toThrow(/pack index .*cut\.idx is damaged/);
    writeFileSync(cut, readFileSync(idxPath).subarray(0, 500));
    expect(() => PackIndexProbe.open(cut)).toThrow(/pack index .*cut\.idx is damaged: only 500 bytes/);
    rmSync(cut);
  });
});

describe('ObjectStore with probeIndexes', () => {
  it('reads by id what the store reads with whole indexes, and still lists every object', async () => {
    const layout = await locateRepository(f.dir);
    const whole = ObjectStore.open(layout);
    const probed = ObjectStore.open(layout, { probeIndexes: true });
    try {
      const all = whole.enumerate();
      expect(all.length).toBeGreaterThan(30);
      for (const { oid } of all) expect(probed.read(oid).data).toEqual(whole.read(oid).data);
      expect(probed.enumerate()).toEqual(all);
      expect(probed.problems).toEqual([]);
    } finally {
      whole.close();
      probed.close();
    }
  });
});
