// Pack ranges, as scan threads list their own share: every object once across ranges and packs
// (an id in two packs is read from the first), and the object-set digest the sweep state keeps.
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
});
