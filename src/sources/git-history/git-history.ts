// A repository on disk (work tree, bare, linked worktree), read as history: every object in its
// store, then the repositories nested in its work tree (vendored clones, submodules).
import { stat } from 'node:fs/promises';
import { CredsweepError } from '../../errors.js';
import { locateRepository } from '../git/repo-layout.js';
import type { Source } from '../source.js';

export const gitHistorySource: Source = {
  kind: 'git-history',
  async claim(target, options) {
    if (!options.history) return null;
    const info = await stat(target).catch(() => null);
    if (info === null || !info.isDirectory()) return null;
    let layout: Awaited<ReturnType<typeof locateRepository>>;
    try {
      layout = await locateRepository(target);
    } catch (err) {
      // A folder that is no repository is the files source's (which looks for repositories inside).
      if (err instanceof CredsweepError && err.code === 'SOURCE_NOT_A_REPO') return null;
      throw err;
    }
    const { workTree } = layout;
    return {
      name: target,
      small: false,
      read: async (ctx) => [
        await (await import('./read-history.js')).scanGitHistory(target, layout, ctx),
        ...(workTree === null ? [] : await (await import('./nested-repositories.js')).scanNestedRepositories(target, workTree, ctx)),
      ],
    };
  },
};
