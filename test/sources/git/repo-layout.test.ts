import { mkdir, mkdtemp, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { locateRepository } from '../../../src/sources/git/repo-layout.js';
import { type GitFixture, makeRepo, runGit } from '../../support/git-fixture.js';
import { commitHistory, expectStoreMatchesGit } from './cross-check.js';

const fixtures: GitFixture[] = [];
async function repo(opts: { bare?: boolean } = {}): Promise<GitFixture> {
  const f = await makeRepo(opts);
  fixtures.push(f);
  return f;
}
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
});

describe('locateRepository', () => {
  it('finds .git in a work tree', async () => {
    const f = await repo();
    await f.commit({ 'a.txt': 'a\n' }, 'a');
    const layout = await locateRepository(f.dir);
    expect(layout).toEqual({
      gitDir: join(f.dir, '.git'),
      commonDir: join(f.dir, '.git'),
      objectDirs: [join(f.dir, '.git/objects')],
      workTree: f.dir,
      shallow: false,
    });
  });

  it('finds a bare repository', async () => {
    const f = await repo({ bare: true });
    const layout = await locateRepository(f.dir);
    expect(layout.gitDir).toBe(f.dir);
    expect(layout.workTree).toBeNull();
  });

  it('follows a .git file with a relative gitdir (as submodules have)', async () => {
    const f = await repo();
    await f.commit({ 'a.txt': 'a\n' }, 'a');
    const moved = join(f.root, 'modules', 'sub');
    await mkdir(join(f.root, 'modules'));
    await rename(join(f.dir, '.git'), moved);
    await writeFile(join(f.dir, '.git'), `gitdir: ${relative(f.dir, moved)}\n`);
    const layout = await locateRepository(f.dir);
    expect(layout.gitDir).toBe(moved);
    expect(layout.workTree).toBe(f.dir);
    expect(layout.objectDirs).toEqual([join(moved, 'objects')]);
  });

  it('follows a linked worktree to its common dir, and the store reads everything', async () => {
    const f = await repo();
    await commitHistory(f, 3);
    const wt = join(f.root, 'wt');
    await f.git('worktree', 'add', '-q', '-b', 'side', wt);
    const layout = await locateRepository(wt);
    expect(layout.gitDir).toBe(join(f.dir, '.git/worktrees/wt'));
    expect(layout.commonDir).toBe(join(f.dir, '.git'));
    expect(layout.objectDirs).toEqual([join(f.dir, '.git/objects')]);
    expect(layout.workTree).toBe(wt);
    await expectStoreMatchesGit(f, wt);
  });

  it('follows alternates of a --shared clone, and the store reads both object dirs', async () => {
    const f = await repo();
    await commitHistory(f, 5);
    await f.git('gc', '-q');
    const clone = join(f.root, 'clone');
    await f.git('clone', '-q', '--shared', f.dir, clone);
    await writeFile(join(clone, 'new.txt'), 'only in the clone\n');
    await runGit(clone, f.root, ['add', 'new.txt']);
    await runGit(clone, f.root, ['commit', '-q', '-m', 'clone commit']);
    const layout = await locateRepository(clone);
    expect(layout.objectDirs).toEqual([join(clone, '.git/objects'), await realpath(join(f.dir, '.git/objects'))]);
    await expectStoreMatchesGit(f, clone);
  });

  it('resolves relative alternates against the objects dir, recursively, without repeats', async () => {
    const a = await repo({ bare: true });
    const b = await repo({ bare: true });
    const c = await repo({ bare: true });
    const objects = (f: GitFixture) => join(f.dir, 'objects');
    await writeFile(join(objects(a), 'info/alternates'), `# comment\n${relative(objects(a), objects(b))}\n`);
    await writeFile(join(objects(b), 'info/alternates'), `${objects(c)}\n${objects(a)}\n`);
    const layout = await locateRepository(a.dir);
    expect(layout.objectDirs).toEqual([objects(a), objects(b), objects(c)]);
  });

  it('throws GIT_MISSING_ALTERNATE naming a missing alternate', async () => {
    const f = await repo({ bare: true });
    const gone = join(f.root, 'gone/objects');
    await writeFile(join(f.dir, 'objects/info/alternates'), `${gone}\n`);
    await expect(locateRepository(f.dir)).rejects.toMatchObject({ code: 'GIT_MISSING_ALTERNATE', data: { path: gone } });
  });

  it('notices a shallow clone', async () => {
    const f = await repo();
    await commitHistory(f, 4);
    const clone = join(f.root, 'shallow');
    await f.git('clone', '-q', '--depth', '1', `file://${f.dir}`, clone);
    expect((await locateRepository(clone)).shallow).toBe(true);
  });

  it('throws SOURCE_NOT_A_REPO naming a plain directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'credsweep-plain-'));
    try {
      await writeFile(join(dir, 'HEAD'), 'not really\n');
      await expect(locateRepository(dir)).rejects.toMatchObject({ code: 'SOURCE_NOT_A_REPO', data: { path: dir } });
      await expect(locateRepository(join(dir, 'HEAD'))).rejects.toMatchObject({ code: 'SOURCE_NOT_A_REPO' });
      await writeFile(join(dir, '.git'), 'nonsense\n');
      await expect(locateRepository(dir)).rejects.toMatchObject({ code: 'SOURCE_NOT_A_REPO' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
