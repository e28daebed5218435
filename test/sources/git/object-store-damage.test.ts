// Damaged stores: each broken object is reported by id, and every other object still reads.
import { chmodSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GitObject } from '../../../src/sources/git/git-types.js';
import { ObjectStore } from '../../../src/sources/git/object-store.js';
import { parseEntryHeader } from '../../../src/sources/git/pack-file.js';
import { readPackIndex } from '../../../src/sources/git/pack-index.js';
import { locateRepository } from '../../../src/sources/git/repo-layout.js';
import { catAllObjects, type GitCatObject, type GitFixture, makeRepo } from '../../support/git-fixture.js';
import { commitHistory } from './cross-check.js';

const fixtures: GitFixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
});

async function packedRepo(): Promise<{ f: GitFixture; pack: string; before: Map<string, GitCatObject> }> {
  const f = await makeRepo();
  fixtures.push(f);
  await commitHistory(f, 30);
  await f.commit({ 'big.txt': `${'unique payload '.repeat(400)}${Math.PI}\n` }, 'big file');
  await f.git('gc', '-q');
  const dir = join(f.dir, '.git/objects/pack');
  const pack = join(dir, readdirSync(dir).find((n) => n.endsWith('.pack')) as string);
  return { f, pack, before: await catAllObjects(f) };
}

/** Reads every enumerated object; returns the failures by oid and checks the rest against git. */
function readAll(store: ObjectStore, before: Map<string, GitCatObject>): Map<string, { code: string; data: Record<string, unknown> }> {
  const failures = new Map<string, { code: string; data: Record<string, unknown> }>();
  const locations = store.enumerate();
  expect(locations.length).toBe(before.size);
  for (const loc of locations) {
    let got: GitObject;
    try {
      got = store.readAt(loc);
    } catch (err) {
      const e = err as { code: string; data: Record<string, unknown> };
      failures.set(loc.oid, { code: e.code, data: e.data });
      continue;
    }
    expect(got.data.equals(before.get(loc.oid)?.data as Buffer), loc.oid).toBe(true);
  }
  return failures;
}

/** Entries that are full objects and no delta's base, with where their zlib data starts and ends. */
function standaloneEntries(pack: string): { oid: string; offset: number; end: number }[] {
  const bytes = readFileSync(pack);
  const index = readPackIndex(pack.replace(/\.pack$/, '.idx'));
  const sorted = index.sortedOffsets();
  const bases = new Set<string>();
  const entries: { oid: string; start: number; offset: number; end: number; type: number }[] = [];
  for (let i = 0; i < index.count; i++) {
    const offset = index.offsets[i] as number;
    const h = parseEntryHeader(bytes.subarray(offset), offset, pack);
    if (h.baseOffset >= 0) bases.add(String(h.baseOffset));
    if (h.baseOid) bases.add(h.baseOid.toString('hex'));
    const next = sorted.indexOf(offset) + 1;
    const end = next < sorted.length ? (sorted[next] as number) : bytes.length - 20;
    entries.push({ oid: index.oidAt(i), start: offset, offset: offset + h.length, end, type: h.type });
  }
  return entries.filter((e) => e.type <= 4 && !bases.has(e.oid) && !bases.has(String(e.start)) && e.end - e.offset > 40);
}

describe('ObjectStore on damaged repositories', () => {
  it('reports the one object whose zlib data is damaged and reads all the others', async () => {
    const { f, pack, before } = await packedRepo();
    const victim = standaloneEntries(pack).sort((a, b) => b.end - b.offset - (a.end - a.offset))[0]!;
    const bytes = readFileSync(pack);
    const mid = (victim.offset + victim.end) >> 1;
    for (let i = mid; i < mid + 8; i++) bytes[i] = (bytes[i] as number) ^ 0x5a;
    chmodSync(pack, 0o644);
    writeFileSync(pack, bytes);

    const store = ObjectStore.open(await locateRepository(f.dir));
    const failures = readAll(store, before);
    expect([...failures.keys()]).toEqual([victim.oid]);
    expect(failures.get(victim.oid)).toMatchObject({ code: 'GIT_CORRUPT_OBJECT', data: { oid: victim.oid, pack } });
    expect(() => store.read(victim.oid)).toThrow(expect.objectContaining({ code: 'GIT_CORRUPT_OBJECT' }));
    store.close();
  });

  it('reads every object before the cut of a truncated pack and reports the ones after it', async () => {
    const { f, pack, before } = await packedRepo();
    const size = readFileSync(pack).length;
    const cut = Math.floor(size * 0.6);
    truncateSync(pack, cut);
    const index = readPackIndex(pack.replace(/\.pack$/, '.idx'));
    const store = ObjectStore.open(await locateRepository(f.dir));
    expect(store.problems.map((p) => p.code)).toContain('GIT_CORRUPT_PACK');
    const failures = readAll(store, before);
    expect(failures.size).toBeGreaterThan(0);
    for (const [oid, failure] of failures) {
      expect(failure.code).toBe('GIT_CORRUPT_OBJECT');
      expect(failure.data.oid).toBe(oid);
    }
    // Everything that lies wholly before the cut was read (checked in readAll); nothing that starts after it was.
    const sorted = index.sortedOffsets();
    for (let i = 0; i < index.count; i++) {
      const offset = index.offsets[i] as number;
      const end = sorted[sorted.indexOf(offset) + 1] ?? size - 20;
      if (offset >= cut) expect(failures.has(index.oidAt(i))).toBe(true);
      // A delta whose entry is intact fails only when its base lies past the cut, which OFS_DELTA never does.
      if (end <= cut) expect(failures.has(index.oidAt(i))).toBe(false);
    }
    expect(failures.size).toBeLessThan(before.size);
    store.close();
  });

  it('reports a damaged loose object by id and reads the others', async () => {
    const f = await makeRepo();
    fixtures.push(f);
    await commitHistory(f, 3);
    const before = await catAllObjects(f);
    const victim = [...before.keys()][0] as string;
    const path = join(f.dir, '.git/objects', victim.slice(0, 2), victim.slice(2));
    chmodSync(path, 0o644);
    writeFileSync(path, Buffer.from('this is not zlib data at all'));
    const store = ObjectStore.open(await locateRepository(f.dir));
    const failures = readAll(store, before);
    expect([...failures.entries()]).toEqual([
      [victim, expect.objectContaining({ code: 'GIT_CORRUPT_OBJECT', data: expect.objectContaining({ oid: victim }) })],
    ]);
    store.close();
  });

  it('falls back to parsing the pack when its .idx is damaged', async () => {
    const { f, pack, before } = await packedRepo();
    const idx = pack.replace(/\.pack$/, '.idx');
    chmodSync(idx, 0o644);
    truncateSync(idx, 1500);
    const store = ObjectStore.open(await locateRepository(f.dir));
    expect(store.problems).toEqual([expect.objectContaining({ code: 'GIT_CORRUPT_PACK', data: { path: idx } })]);
    expect(readAll(store, before).size).toBe(0);
    store.close();
  });

  it('says how many objects are lost when a pack without .idx is damaged', async () => {
    const { f, pack } = await packedRepo();
    const victim = standaloneEntries(pack)[0]!;
    const bytes = readFileSync(pack);
    for (let i = victim.offset + 4; i < victim.offset + 12; i++) bytes[i] = (bytes[i] as number) ^ 0xff;
    rmSync(pack.replace(/\.pack$/, '.idx'));
    chmodSync(pack, 0o644);
    writeFileSync(pack, bytes);
    const store = ObjectStore.open(await locateRepository(f.dir));
    const problem = store.problems.find((p) => p.code === 'GIT_CORRUPT_PACK');
    expect(problem?.data).toMatchObject({ path: pack });
    expect(problem?.data.lost).toBeGreaterThan(0);
    // The objects parsed before the damage still read.
    const locations = store.enumerate();
    expect(locations.length).toBeGreaterThan(0);
    for (const loc of locations) expect(store.readAt(loc).data).toBeInstanceOf(Buffer);
    store.close();
  });
});
