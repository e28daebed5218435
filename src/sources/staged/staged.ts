// `--staged`: every target is a repository whose staged change alone is read (the pre-commit hook).
import { UsageError } from '../../errors.js';
import { locateRepository } from '../git/repo-layout.js';
import type { Source } from '../source.js';
import { scanStaged } from './read-staged.js';

export const stagedSource: Source = {
  kind: 'staged',
  async claim(target, options) {
    if (!options.staged) return null;
    if (target === '-') throw new UsageError('USAGE_STAGED_STDIN', '--staged reads a repository, not stdin', { target });
    const layout = await locateRepository(target);
    return { name: target, small: true, read: async (ctx) => [await scanStaged(target, layout, ctx)] };
  },
};
