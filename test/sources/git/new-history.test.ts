// What a --state rerun reads: the commits and objects the current tips brought since recorded
// tips, checked against git's own `rev-list --objects NEW --not OLD`, and read in proportion to
// what is new (the walk's own read counters, and a reader that counts what provenance reads).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GitObject, ObjectReader } from '../../../src/sources/git/git-types.js';
import { newHistorySince } from '../../../src/sources/git/new-history.js';
import { ObjectStore } from '../../../src/sources/git/object-store.js';
import { computeProvenance } from '../../../src/sources/git/provenance.js';
import { readRefs } from '../../../src/sources/git/refs.js';
import { createSandbox, type Sandbox } from '../../support/git-sandbox.js';

const date = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString().replace('.000', '');

// Reads through the real store and counts every object asked for.
class CountingReader implements ObjectReader {
  reads = 0;
  constructor(private readonly store: ObjectStore) {}
  read(oid: string): GitObject {
    this.reads++;
    return this.store.read(oid);
  }
  has(oid: string): boolean {
    return this.store.has(oid);
  }
  readRaw(oid: Buffer): GitObject {
    this.reads++;
    return this.store.readRaw(oid);
  }
}

describe('newHistorySince', () => {
  let box: Sandbox;
  let store: ObjectStore | undefined;
  beforeEach(() => {
    box = createSandbox();
    // 120 commits in one fast-import rather than 240 git processes.
    const stream: string[] = [];
    for (let i = 0; i < 120; i++) {
      const content = `text ${i}\n`;
      const when = `${Date.UTC(2024, 0, 1, 0, i) / 1000} +0000`;
      stream.push(`commit refs/heads/main\ncommitter Test User <test.user@example.com> ${when}\ndata 7\nfiller\n`);
      stream.push(`M 100644 inline src/dir-${i % 9}/f${i}.txt\ndata ${content.length}\n${content}\n`);
    }
    box.run(['fast-import', '--quiet'], { input: stream.join('') });
    box.run(['reset', '-q', '--hard', 'main']);
  });
  afterEach(() => {
    store?.close();
    box.cleanup();
  });

  const gitNew = (from: string, to: string) =>
    box
      .run(['rev-list', '--objects', to, '--not', from])
      .split('\n')
      .map((line) => line.slice(0, 40))
      .filter((oid) => oid.length === 40)
      .sort();

  it('finds what three new commits brought, reading about that much', () => {
    const recorded = box.run(['rev-parse', 'HEAD']);
    box.write('notes/a.txt', 'a\n');
    box.commit('one', date(200));
    box.write('src/dir-3/f3.txt', 'changed\n');
    box.commit('two', date(201));
    box.write('deep/er/still/b.txt', 'b\n');
    const tip = box.commit('three', date(202));

    store = ObjectStore.open(box.layout());
    const history = newHistorySince(store, [recorded], [tip]);
    expect(history.issues).toEqual([]);
    expect(history.commits).toEqual(box.run(['rev-list', tip, '--not', recorded]).split('\n'));
    expect([...history.commits, ...history.objects].sort()).toEqual(gitNew(recorded, tip));
    // Three new commits and the recorded tip, plus a few more for skewed dates; 120 in history.
    expect(history.reads.commits).toBeLessThanOrEqual(3 + 1 + 6);
    expect(history.reads.trees).toBeLessThan(25);
    expect(history.reachedNow(recorded)).toBe(true);
    expect(history.isOld(recorded)).toBe(true);
  });

  it('takes a merged branch whose dates are older than the recorded tip as new', () => {
    const base = box.run(['rev-parse', 'HEAD~60']);
    box.run(['checkout', '-q', '-b', 'side', base]);
    box.write('side/s.txt', 'side\n');
    // Written long ago, fetched only now: committer date before most of main's history.
    const side = box.commit('side work', date(70));
    box.run(['checkout', '-q', 'main']);
    const recorded = box.run(['rev-parse', 'HEAD']);
    box.run(['merge', '-q', '--no-ff', '-m', 'merge side', 'side'], { date: date(300) });
    const tip = box.run(['rev-parse', 'HEAD']);

    store = ObjectStore.open(box.layout());
    const history = newHistorySince(store, [recorded], [tip]);
    expect(history.commits.sort()).toEqual([side, tip].sort());
    expect([...history.commits, ...history.objects].sort()).toEqual(gitNew(recorded, tip));
  });

  it('reports a recorded tip the current tips no longer reach as not shown', () => {
    const recorded = box.run(['rev-parse', 'HEAD']);
    box.run(['reset', '-q', '--hard', 'HEAD~1']);
    box.write('other.txt', 'o\n');
    const tip = box.commit('rewritten', date(400));
    store = ObjectStore.open(box.layout());
    const history = newHistorySince(store, [recorded], [tip]);
    expect(history.commits).toEqual([tip]);
    expect(history.reachedNow(recorded)).toBe(false);
  });

  it('lets provenance trace a new blob through the new commits only', () => {
    const recorded = box.run(['rev-parse', 'HEAD']);
    box.write('cfg/app.env', 'NEW=value-1\n');
    const added = box.commit('add', date(500));
    box.write('cfg/app.env', 'NEW=value-1\nMORE=2\n');
    box.commit('edit', date(501));
    const blob = box.run(['rev-parse', `${added}:cfg/app.env`]);
    const layout = box.layout();
    store = ObjectStore.open(layout);
    const refs = readRefs(layout, store);
    const history = newHistorySince(
      store,
      [recorded],
      refs.refs.map((r) => r.oid),
    );
    const fresh = new Set(history.commits);

    const incremental = new CountingReader(store);
    const part = computeProvenance(incremental, {
      refs,
      commits: history.commits,
      wanted: new Set([blob]),
      shallow: [],
      known: (c) => !fresh.has(c),
    });
    const everything = new CountingReader(store);
    const all = box.run(['rev-list', '--all']).split('\n');
    const whole = computeProvenance(everything, { refs, commits: all, wanted: new Set([blob]), shallow: [] });

    expect(part.blobs.get(blob)).toEqual(whole.blobs.get(blob));
    expect(part.blobs.get(blob)?.introductions.map((i) => i.commit)).toEqual([added]);
    expect(incremental.reads).toBeLessThan(20);
    expect(everything.reads).toBeGreaterThan(120);
  });
});
