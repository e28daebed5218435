import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RefSet, readRefs, readShallow } from '../../../src/sources/git/refs.js';
import { locateRepository } from '../../../src/sources/git/repo-layout.js';
import { createSandbox, type Sandbox } from '../../support/git-sandbox.js';
import { openRepo } from '../../support/open-store.js';

const MISSING = 'deadbeef'.repeat(5);

// What git itself says each listed ref peels to, for cross-checking.
function gitRefs(box: Sandbox, names: string[]): { name: string; oid: string }[] {
  return names.map((name) => ({ name, oid: box.run(['rev-parse', `${name}^{commit}`]) })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

// Reads refs of the repository at `dir` through the production layout and object store.
async function refsAt(dir: string): Promise<RefSet> {
  const repo = await openRepo(dir);
  try {
    return readRefs(repo.layout, repo.store);
  } finally {
    repo.store.close();
  }
}

describe('readRefs', () => {
  let box: Sandbox;
  beforeEach(() => {
    box = createSandbox();
  });
  afterEach(() => box.cleanup());

  function buildHistory(): { c1: string; c2: string; c3: string } {
    box.write('a.txt', 'one\n');
    const c1 = box.commit('one', '2024-01-01T00:00:00Z');
    box.write('a.txt', 'two\n');
    const c2 = box.commit('two', '2024-01-02T00:00:00Z');
    box.run(['branch', 'feature', c1]);
    box.run(['tag', 'light', c1]);
    box.run(['-c', 'advice.nestedTag=false', 'tag', '-a', 'v1', '-m', 'one']);
    box.run(['-c', 'advice.nestedTag=false', 'tag', '-a', 'outer', '-m', 'nested', 'v1']);
    box.run(['tag', 'blobtag', box.run(['rev-parse', 'HEAD:a.txt'])]);
    box.run(['update-ref', 'refs/remotes/origin/main', c1]);
    box.run(['symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main']);
    box.run(['notes', 'add', '-m', 'a note', c1]);
    box.write('a.txt', 'dirty\n');
    box.run(['stash', '-q'], { date: '2024-01-03T00:00:00Z' });
    box.run(['pack-refs', '--all']);
    box.write('b.txt', 'three\n');
    const c3 = box.commit('three', '2024-01-04T00:00:00Z');
    return { c1, c2, c3 };
  }

  it('peels loose and packed refs, tags of tags included, and matches git', async () => {
    const { c3 } = buildHistory();
    const set = await refsAt(box.dir);
    const expected = gitRefs(box, [
      'refs/heads/feature',
      'refs/heads/main',
      'refs/notes/commits',
      'refs/remotes/origin/main',
      'refs/stash',
      'refs/tags/light',
      'refs/tags/outer',
      'refs/tags/v1',
    ]);
    expect(set.refs).toEqual(expected);
    // main was packed, then moved by a loose ref: the loose one wins.
    expect(set.refs.find((r) => r.name === 'refs/heads/main')?.oid).toBe(c3);
    expect(set.head).toBe(c3);
    expect(set.headRef).toBe('refs/heads/main');
    expect(set.issues).toEqual([]);
  });

  it('reports a detached HEAD', async () => {
    const { c2 } = buildHistory();
    box.run(['checkout', '-q', '--detach', c2]);
    const set = await refsAt(box.dir);
    expect(set.head).toBe(c2);
    expect(set.headRef).toBeNull();
  });

  it('treats an unborn branch as no HEAD commit, without issues', async () => {
    const set = await refsAt(box.dir);
    expect(set).toEqual({ refs: [], head: null, headRef: 'refs/heads/main', issues: [] });
  });

  it('turns refs to missing objects and unreadable refs into issues', async () => {
    const { c1 } = buildHistory();
    const refsDir = join(box.layout().gitDir, 'refs', 'heads');
    writeFileSync(join(refsDir, 'ghost'), `${MISSING}\n`);
    writeFileSync(join(refsDir, 'junk'), 'not a ref\n');
    writeFileSync(join(refsDir, 'wip.lock'), `${MISSING}\n`);
    const packed = join(box.layout().gitDir, 'packed-refs');
    writeFileSync(packed, `# pack-refs with: peeled fully-peeled sorted\n${MISSING} refs/tags/gone\n^${c1}\nnonsense line\n`, {
      flag: 'a',
    });
    const set = await refsAt(box.dir);
    expect(set.issues.map((i) => i.code).sort()).toEqual(['GIT_BAD_REF', 'GIT_BAD_REF', 'GIT_MISSING_OBJECT', 'GIT_MISSING_OBJECT']);
    expect(set.issues.filter((i) => i.code === 'GIT_MISSING_OBJECT').every((i) => i.object === MISSING)).toBe(true);
    // The peeled line still gives the tag's commit when the tag object itself is gone.
    expect(set.refs.find((r) => r.name === 'refs/tags/gone')?.oid).toBe(c1);
    expect(set.refs.some((r) => r.name === 'refs/heads/ghost' || r.name === 'refs/heads/wip.lock')).toBe(false);
    expect(set.refs.some((r) => r.name === 'refs/heads/main')).toBe(true);
  });

  it('counts a linked worktree’s detached HEAD as a ref, and reads HEAD from the worktree’s git dir', async () => {
    const { c1, c3 } = buildHistory();
    box.run(['worktree', 'add', '-q', '--detach', join(box.root, 'wt'), c1]);
    const main = await refsAt(box.dir);
    expect(main.refs.find((r) => r.name === 'worktrees/wt/HEAD')?.oid).toBe(c1);
    const linked = await refsAt(join(box.root, 'wt'));
    expect(linked.head).toBe(c1);
    expect(linked.headRef).toBeNull();
    expect(linked.refs.find((r) => r.name === 'refs/heads/main')?.oid).toBe(c3);
  });
});

describe('readShallow', () => {
  it('lists the shallow boundary of a depth-1 clone, and nothing for a full repository', async () => {
    const box = createSandbox();
    try {
      box.write('a.txt', 'one\n');
      box.commit('one', '2024-01-01T00:00:00Z');
      box.write('a.txt', 'two\n');
      const tip = box.commit('two', '2024-01-02T00:00:00Z');
      expect(readShallow(await locateRepository(box.dir))).toEqual([]);
      box.run(['clone', '-q', '--depth', '1', `file://${box.dir}`, join(box.root, 'shallow')], { cwd: box.root });
      expect(readShallow(await locateRepository(join(box.root, 'shallow')))).toEqual([tip]);
    } finally {
      box.cleanup();
    }
  });
});
