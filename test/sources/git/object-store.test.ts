import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ObjectStore } from '../../../src/sources/git/object-store.js';
import { readPackIndex } from '../../../src/sources/git/pack-index.js';
import { locateRepository } from '../../../src/sources/git/repo-layout.js';
import { type GitFixture, makeRepo } from '../../support/git-fixture.js';
import { commitHistory, countDeltas, countEntryTypes, expectStoreMatchesGit } from './cross-check.js';

const fixtures: GitFixture[] = [];
async function repo(): Promise<GitFixture> {
  const f = await makeRepo();
  fixtures.push(f);
  return f;
}
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
});

function packFiles(f: GitFixture, ext: string): string[] {
  const dir = join(f.dir, '.git/objects/pack');
  return readdirSync(dir)
    .filter((n) => n.endsWith(ext))
    .map((n) => join(dir, n));
}

describe('ObjectStore', () => {
  it('reads a repository of loose objects only', async () => {
    const f = await repo();
    await commitHistory(f, 4);
    expect(packFiles(f, '.pack')).toHaveLength(0);
    expect(await expectStoreMatchesGit(f)).toBeGreaterThan(10);
  });

  it('reads OFS_DELTA chains after git gc', async () => {
    const f = await repo();
    await commitHistory(f, 40);
    await f.git('gc', '-q');
    const [idx] = packFiles(f, '.idx');
    expect(await countDeltas(f, idx as string)).toBeGreaterThan(50);
    expect(countEntryTypes(packFiles(f, '.pack')[0] as string).get(6)).toBeGreaterThan(50);
    await expectStoreMatchesGit(f);
  });

  it('reads correctly with a tiny window and no cache (entries larger than the window, every chain walked)', async () => {
    const f = await repo();
    await commitHistory(f, 30);
    await f.commit({ 'big.bin': Buffer.alloc(50_000, 7) }, 'big');
    await f.git('gc', '-q');
    await expectStoreMatchesGit(f, f.dir, { windowBytes: 512, cacheBytes: 1 });
  });

  it('reads REF_DELTA chains (repack.useDeltaBaseOffset=false)', async () => {
    const f = await repo();
    await commitHistory(f, 30);
    await f.git('-c', 'repack.useDeltaBaseOffset=false', 'repack', '-a', '-d', '-f', '-q');
    const [idx] = packFiles(f, '.idx');
    expect(await countDeltas(f, idx as string)).toBeGreaterThan(30);
    const types = countEntryTypes(packFiles(f, '.pack')[0] as string);
    expect(types.get(7)).toBeGreaterThan(30);
    expect(types.get(6)).toBeUndefined();
    await expectStoreMatchesGit(f);
  });

  it('reads several packs plus loose objects, listing each object once', async () => {
    const f = await repo();
    await commitHistory(f, 10);
    await f.git('repack', '-q');
    await commitHistory(f, 5);
    await f.git('repack', '-q');
    // A duplicate: the same objects again in a third pack.
    await f.git('repack', '-a', '-q');
    await f.commit({ 'loose.txt': 'only loose\n' }, 'loose');
    expect(packFiles(f, '.pack').length).toBeGreaterThanOrEqual(3);
    await expectStoreMatchesGit(f);
  });

  it('keeps unreachable objects', async () => {
    const f = await repo();
    await commitHistory(f, 3);
    const dangling = await f.gitBytes(['hash-object', '-w', '--stdin'], 'nobody references me\n');
    await f.git('repack', '-a', '-q');
    const store = ObjectStore.open(await locateRepository(f.dir));
    const oid = dangling.toString().trim();
    expect(store.enumerate().some((l) => l.oid === oid)).toBe(true);
    expect(store.read(oid).data.toString()).toBe('nobody references me\n');
    store.close();
  });

  it('indexes a pack whose .idx is gone', async () => {
    const f = await repo();
    await commitHistory(f, 25);
    await f.git('gc', '-q');
    const before = await import('../../support/git-fixture.js').then((m) => m.catAllObjects(f));
    for (const idx of packFiles(f, '.idx')) rmSync(idx);
    const store = ObjectStore.open(await locateRepository(f.dir));
    try {
      expect(store.problems).toEqual([]);
      const locations = store.enumerate();
      expect(locations.map((l) => l.oid).sort()).toEqual([...before.keys()].sort());
      for (const loc of locations) {
        const got = store.readAt(loc);
        expect(got.type).toBe(before.get(loc.oid)?.type);
        expect(got.data.equals(before.get(loc.oid)?.data as Buffer)).toBe(true);
      }
    } finally {
      store.close();
    }
  });

  it('reads large-offset index entries (index-pack --index-version=2,0x100)', async () => {
    const f = await repo();
    await commitHistory(f, 20);
    await f.git('gc', '-q');
    const [pack] = packFiles(f, '.pack');
    const [idx] = packFiles(f, '.idx');
    rmSync(idx as string);
    // Offsets above 0x100 go to the 64-bit table, as they would past 2 GiB.
    await f.git('index-pack', '--index-version=2,0x100', pack as string);
    const index = readPackIndex(idx as string);
    const large = [...index.offsets].filter((o) => o > 0x100).length;
    expect(large).toBeGreaterThan(10);
    // 8 bytes per large offset beyond the plain v2 layout: the 64-bit table is really there.
    expect(statSync(idx as string).size).toBe(8 + 1024 + index.count * 28 + large * 8 + 40);
    await expectStoreMatchesGit(f);
  });

  it('reads a version 1 index', async () => {
    const f = await repo();
    await commitHistory(f, 10);
    await f.git('gc', '-q');
    const [pack] = packFiles(f, '.pack');
    rmSync(packFiles(f, '.idx')[0] as string);
    await f.git('index-pack', '--index-version=1', pack as string);
    await expectStoreMatchesGit(f);
  });

  it('reports missing objects and bad ids with GIT_MISSING_OBJECT', async () => {
    const f = await repo();
    await commitHistory(f, 1);
    const store = ObjectStore.open(await locateRepository(f.dir));
    const missing = 'deadbeef'.repeat(5);
    expect(store.has(missing)).toBe(false);
    expect(() => store.read(missing)).toThrow(expect.objectContaining({ code: 'GIT_MISSING_OBJECT', data: { oid: missing } }));
    expect(store.has('nope')).toBe(false);
    expect(() => store.read('nope')).toThrow(expect.objectContaining({ code: 'GIT_MISSING_OBJECT' }));
    store.close();
  });
});
