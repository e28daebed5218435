// `--since-commit`, `--log-opts`, a push: every target is a repository of which only the commits
// the revision lists select are read. Usually a push's worth, so it is read on this thread.
import { UsageError } from '../../errors.js';
import { locateRepository } from '../git/repo-layout.js';
import type { Source } from '../source.js';

export const commitRangeSource: Source = {
  kind: 'commit-range',
  async claim(target, options) {
    const { revisionSets } = options;
    if (!revisionSets) return null;
    if (target === '-') throw new UsageError('USAGE_RANGE_STDIN', 'a commit range is read from a repository, not stdin', { target });
    const layout = await locateRepository(target);
    return {
      name: target,
      small: true,
      read: async (ctx) => [await (await import('./read-range.js')).scanCommitRange(target, layout, revisionSets, ctx)],
    };
  },
};
