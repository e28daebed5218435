// `--staged`: every target is a repository whose staged change alone is read (the pre-commit hook).
import { UsageError } from '../../errors.js';
import { locateRepository } from '../git/repo-layout.js';
import type { Source } from '../source.js';
import { scanStaged } from './read-staged.js';
import { readStagedChange } from './staged-source.js';

export const stagedSource: Source = {
  kind: 'staged',
  async claim(target, options) {
    if (!options.staged) return null;
    if (target === '-') throw new UsageError('USAGE_STAGED_STDIN', '--staged reads a repository, not stdin', { target });
    const layout = await locateRepository(target);
    if (layout.workTree === null) {
      throw new UsageError('USAGE_STAGED_BARE', `--staged needs a work tree, and ${target} is a bare repository`, { target });
    }
    // git starts now, and works out the change while the rules are compiled (scanStaged).
    const change = readStagedChange(layout.workTree, layout.gitDir);
    change.catch(() => {}); // awaited by read(); a run that stops before then has no use for it
    return { name: target, small: true, read: async (ctx) => [await scanStaged(target, layout, change, ctx)] };
  },
};
