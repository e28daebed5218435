// `codecommit://REGION/REPO`, `codecommit://REGION/*`, `codecommit://*`: each repository fetched
// and read as history, a hit set of its own.
import type { Source } from '../source.js';
import { isCodeCommitTarget, parseCodeCommitTarget } from './codecommit-target.js';

export const codecommitSource: Source = {
  kind: 'codecommit',
  async claim(target, options) {
    if (!isCodeCommitTarget(target)) return null;
    parseCodeCommitTarget(target); // a malformed target fails before any scanning
    return {
      name: target,
      small: false,
      fetches: true,
      read: async (ctx) => (await import('./read-codecommit.js')).scanCodeCommit(target, options.aws ?? {}, ctx),
    };
  },
};
