// A repository named by URL (https://, http://, ssh://, git@host:path): fetched, read as history.
import type { Source } from '../source.js';
import { displayUrl, isRemoteGitUrl } from './remote-url.js';

export const remoteSource: Source = {
  kind: 'remote',
  async claim(target, options) {
    if (!isRemoteGitUrl(target)) return null;
    const authFor = options.gitAuth ?? (() => undefined);
    // A URL given with user:password@ is never printed with them.
    return {
      name: displayUrl(target),
      small: false,
      fetches: true,
      read: async (ctx) => [await (await import('./read-remote.js')).scanRemote(target, authFor, ctx)],
    };
  },
};
