// Checks an ObjectStore against git itself: the same set of ids, the same types, the same bytes.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parseEntryHeader } from '../../../src/sources/git/pack-file.js';
import { readPackIndex } from '../../../src/sources/git/pack-index.js';
import { locateRepository } from '../../../src/sources/git/repo-layout.js';
import { ObjectStore, type StoreOptions } from '../../../src/sources/git/object-store.js';
import { catAllObjects, type GitFixture } from '../../support/git-fixture.js';

/** Opens the store of `dir` and asserts enumerate/readAt/read/has/objectType agree with git on every object. */
export async function expectStoreMatchesGit(fixture: GitFixture, dir = fixture.dir, options: StoreOptions = {}): Promise<number> {
  const expected = await catAllObjects(fixture, dir);
  const store = ObjectStore.open(await locateRepository(dir), options);
  try {
    const locations = store.enumerate();
    expect(new Set(locations.map((l) => l.oid)).size).toBe(locations.length);
    expect(locations.map((l) => l.oid).sort()).toEqual([...expected.keys()].sort());
    for (const loc of locations) {
      const want = expected.get(loc.oid);
      const got = store.readAt(loc);
      expect(got.type, loc.oid).toBe(want?.type);
      expect(got.data.equals(want?.data as Buffer), loc.oid).toBe(true);
      expect(store.objectType(loc)).toBe(want?.type);
    }
    // Lookups by id, in id order (scattered in the pack), against a fresh store so no cache helps.
    const fresh = ObjectStore.open(await locateRepository(dir), options);
    try {
      for (const [oid, want] of expected) {
        expect(fresh.has(oid)).toBe(true);
        const got = fresh.read(oid);
        expect(got.type).toBe(want.type);
        expect(got.data.equals(want.data), oid).toBe(true);
      }
    } finally {
      fresh.close();
    }
    return locations.length;
  } finally {
    store.close();
  }
}

/** Deterministic text of `lines` lines where line `changed` carries `version`: small edits git deltifies. */
export function versionedText(lines: number, changed: number, version: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    out.push(i === changed ? `line ${i} changed in version ${version}` : `line ${i}: const value${i} = compute(${i * 7}, "stable text");`);
  }
  return `${out.join('\n')}\n`;
}

/** Commits `count` versions of a few files, each a small edit of the last, so `git gc` makes delta chains. */
export async function commitHistory(fixture: GitFixture, count: number): Promise<void> {
  for (let v = 0; v < count; v++) {
    await fixture.commit(
      {
        'src/app.ts': versionedText(300, v % 300, v),
        'src/lib/util.ts': versionedText(120, (v * 7) % 120, v),
        [`notes/note-${v % 5}.md`]: `note ${v}\n${versionedText(40, v % 40, v)}`,
      },
      `version ${v}`,
    );
  }
}

/** Entries of `git verify-pack -v` that are deltas (they carry a depth and a base id). */
export async function countDeltas(fixture: GitFixture, idxPath: string): Promise<number> {
  const out = await fixture.git('verify-pack', '-v', idxPath);
  return out.split('\n').filter((line) => /^[0-9a-f]{40} \w+ +\d+ \d+ \d+ \d+ [0-9a-f]{40}$/.test(line)).length;
}

/** How many entries of each pack type number (1-4, 6 OFS_DELTA, 7 REF_DELTA) the pack at `packPath` holds. */
export function countEntryTypes(packPath: string): Map<number, number> {
  const pack = readFileSync(packPath);
  const index = readPackIndex(packPath.replace(/\.pack$/, '.idx'));
  const counts = new Map<number, number>();
  for (const offset of index.offsets) {
    const { type } = parseEntryHeader(pack.subarray(offset), offset, packPath);
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}
