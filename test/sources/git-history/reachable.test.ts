import { afterEach, describe, expect, it } from 'vitest';
import { walkReachable } from '../../../src/sources/git-history/reachable.js';
import { type GitFixture, makeRepo } from '../../support/git-fixture.js';
import { openRepo } from '../../support/open-store.js';

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

describe('walkReachable', () => {
  it('finds the commits and blobs a tip reaches, and nothing of later commits', async () => {
    repo = await makeRepo();
    const first = await repo.commit({ 'a.txt': 'a\n', 'dir/b.txt': 'b\n' }, 'one');
    const second = await repo.commit({ 'c.txt': 'c\n' }, 'two');
    const blob = async (path: string) => repo?.git('rev-parse', `HEAD:${path}`) as Promise<string>;
    const opened = await openRepo(repo.dir);
    try {
      const fromFirst = walkReachable(opened.store, [first], true);
      expect([...fromFirst.commits]).toEqual([first]);
      expect([...fromFirst.blobs].sort()).toEqual([await blob('a.txt'), await blob('dir/b.txt')].sort());
      const fromSecond = walkReachable(opened.store, [second], false);
      expect([...fromSecond.commits].sort()).toEqual([first, second].sort());
      expect(fromSecond.blobs.size).toBe(0);
      expect(walkReachable(opened.store, ['f'.repeat(40)], true).commits.size).toBe(0);
    } finally {
      opened.store.close();
    }
  });
});
