// Pack ranges, as scan threads list their own share: every object once across ranges and packs
// (an id in two packs is read from the first), and the object-set digest the sweep state keeps.
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectStore } from '../../../src/sources/git/object-store.js';
import { createSandbox, type Sandbox } from '../../support/git-sandbox.js';

let box: Sandbox;
let repeated: string;

beforeAll(() => {
  box = createSandbox();
  for (let i = 0; i < 6; i++) {
    box.write(`src/f${i}.txt`, `first ${i}\n`);
    box.commit(`first ${i}`, `2024-02-0${i + 1}T00:00:00Z`);
  }
  box.run(['repack', '-q']);
  for (let i = 0; i < 4; i++) {
    box.write(`lib/g${i}.txt`, `second ${i}\n`);
    box.commit(`second ${i}`, `2024-03-0${i + 1}T00:00:00Z`);
  }
  box.run(['repack', '-q']);
  // A third pack holding a blob the first pack holds too.
  repeated = box.run(['rev-parse', 'HEAD~5:src/f0.txt']);
  box.run(['pack-objects', '-q', join(box.dir, '.git/objects/pack/pack')], { input: `${repeated}\n` });
});

afterAll(() => box.cleanup());

function gitObjects(): string[] {
  return box.run(['cat-file', '--batch-all-objects', '--batch-check=%(objectname)']).split('\n').sort();
}

describe('ObjectStore pack ranges', () => {
  it('lists every packed object exactly once across ranges of every pack', () => {
    const store = ObjectStore.open(box.layout());
    try {
      const counts = store.packCounts();
      expect(counts.length).toBe(3);
      const seen: string[] = [];
      counts.forEach((count, pack) => {
        for (let from = 0; from < count; from += 3) for (const loc of store.packObjects(pack, from, from + 3)) seen.push(loc.oid);
      });
      expect(seen.filter((oid) => oid === repeated)).toHaveLength(1);
      expect(seen.sort()).toEqual(gitObjects());
      expect(
        store
          .enumerate()
          .map((l) => l.oid)
          .sort(),
      ).toEqual(seen);
    } finally {
      store.close();
    }
  });

  it('gives the same object-set digest for the same objects and a new one for a new object', () => {
    const digest = () => {
      const store = ObjectStore.open(box.layout());
      try {
        return store.objectSetKey();
      } finally {
        store.close();
      }
    };
    const before = digest();
    expect(digest()).toBe(before);
    box.run(['hash-object', '-w', '--stdin'], { input: 'a loose object no ref reaches\n' });
    expect(digest()).not.toBe(before);
  });

  // Last: it damages the repository's .idx files.
  it('opens a scan thread store from the indexes another store shared, reading no .idx itself', () => {
    const first = ObjectStore.open(box.layout(), { shareIndexes: true });
    try {
      const indexes = first.sharedIndexes(true);
      expect(Object.keys(indexes).sort()).toEqual([...first.packs].sort());
      for (const shared of Object.values(indexes)) {
        expect(shared.file.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(shared.order?.buffer).toBeInstanceOf(SharedArrayBuffer);
      }
      const listing = (store: ObjectStore) => store.packCounts().flatMap((count, pack) => [...store.packObjects(pack, 0, count)]);
      const expected = listing(first);
      const packDir = join(box.dir, '.git/objects/pack');
      for (const name of readdirSync(packDir).filter((n) => n.endsWith('.idx'))) {
        chmodSync(join(packDir, name), 0o644);
        writeFileSync(join(packDir, name), 'not an index');
      }
      const own = ObjectStore.open(box.layout());
      expect(own.problems.map((p) => p.code)).toContain('GIT_CORRUPT_PACK');
      own.close();
      const second = ObjectStore.open(box.layout(), { sharedIndexes: indexes });
      try {
        expect(second.problems).toEqual([]);
        expect(listing(second)).toEqual(expected);
        for (const loc of expected) expect(second.readAt(loc).data.equals(first.readAt(loc).data)).toBe(true);
      } finally {
        second.close();
      }
    } finally {
      first.close();
    }
  });
});
