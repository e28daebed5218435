// Scan of a repository named by URL: fetched into a private temporary bare repository, scanned
// as history under the URL's name (credentials stripped), then removed. A repository that cannot
// be fetched is an issue of the run (exit 3), and the other targets are still scanned.
import { isCredsweepError } from '../../errors.js';
import { locateRepository } from '../git/repo-layout.js';
import { displayUrl, type GitAuthProvider } from './remote-url.js';
import type { SourceKind } from '../../types.js';
import type { TargetHits } from '../source.js';
import type { ScanContext } from '../run-context.js';
import { scanGitHistory } from '../git-history/read-history.js';

/** How findings of a fetched repository are named. */
export interface RemoteName {
  target: string;
  source: SourceKind;
}

/** Fetches and scans the repository at `url`; findings carry `name` (default: the URL, credentials removed). */
export async function scanRemote(url: string, authFor: GitAuthProvider, ctx: ScanContext, name?: RemoteName): Promise<TargetHits> {
  const target = name?.target ?? displayUrl(url);
  const source = name?.source ?? 'url';
  // isomorphic-git is loaded only when a repository is fetched over HTTP; ssh:// needs git itself.
  const ssh = /^ssh:/i.test(url);
  const { fetchRepository, removeFetched } = ssh
    ? await import('./ssh-git.js').then((m) => ({ fetchRepository: m.fetchSshRepository, removeFetched: m.removeSshFetched }))
    : await import('./remote-git.js').then((m) => ({
        fetchRepository: (u: string) => m.fetchRemoteRepository(u, authFor),
        removeFetched: m.removeFetched,
      }));
  let dir: string;
  try {
    dir = await fetchRepository(url);
  } catch (err) {
    if (!isCredsweepError(err)) throw err;
    const hint =
      err.code === 'SOURCE_AUTH' && source === 'url' ? '; set CREDSWEEP_GIT_TOKEN (or --git-token), or put credentials in the URL' : '';
    ctx.issues.push({ code: err.code, message: `${err.message}${hint}`, path: target });
    return { target, source, blobs: [] };
  }
  try {
    const hits = await scanGitHistory(target, await locateRepository(dir), ctx);
    return { ...hits, source };
  } finally {
    await removeFetched(dir);
  }
}
