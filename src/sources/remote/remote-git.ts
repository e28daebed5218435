// A git repository named by URL (https://, http://): fetched with isomorphic-git into a private
// temporary bare repository (every branch and tag, full history, no checkout, no git binary), then
// read by the history scanner like any local repository. Nothing from the remote is executed.
import * as fs from 'node:fs';
import { rm } from 'node:fs/promises';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { SourceError } from '../../errors.js';
import { displayUrl, type GitAuth, type GitAuthProvider } from './remote-url.js';
import { makeTempDir } from '../temp-dirs.js';

export type { GitAuth, GitAuthProvider } from './remote-url.js';

// Credentials written into the URL (https://user:token@host/repo) are used, then dropped from it.
function splitCredentials(url: string): { bare: string; auth: GitAuth | undefined } {
  const u = new URL(url);
  if (u.username === '' && u.password === '') return { bare: url, auth: undefined };
  const auth = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  u.username = '';
  u.password = '';
  return { bare: u.toString(), auth };
}

function describeFailure(url: string, err: unknown): SourceError {
  const e = err as { code?: string; data?: { statusCode?: number }; message?: string };
  const status = e.data?.statusCode;
  const shown = displayUrl(url);
  if (status === 401 || status === 403 || e.code === 'UserCanceledError') {
    return new SourceError('SOURCE_AUTH', `${shown}: the server refused the credentials (or none were given)`, { url: shown });
  }
  if (status === 404) return new SourceError('SOURCE_NOT_FOUND', `${shown}: no repository at this URL (404)`, { url: shown });
  // isomorphic-git cannot fetch from a remote whose HEAD names a branch that does not exist (it
  // fails after downloading, while working out the default branch).
  if (e.code === 'NotFoundError' && (err as { data?: { what?: string } }).data?.what === 'HEAD') {
    return new SourceError(
      'SOURCE_FETCH_FAILED',
      `${shown}: the remote's HEAD names a branch that does not exist; set its default branch to an existing one`,
      { url: shown },
    );
  }
  return new SourceError('SOURCE_FETCH_FAILED', `${shown}: fetch failed: ${e.message ?? String(err)}`, { url: shown });
}

/**
 * Fetches every branch and tag of `url` into a new private temporary bare repository and returns
 * its path; the caller removes it with {@link removeFetched}.
 * @throws SourceError `SOURCE_AUTH`, `SOURCE_NOT_FOUND` or `SOURCE_FETCH_FAILED`, naming the URL (never its credentials).
 */
export async function fetchRemoteRepository(url: string, authFor: GitAuthProvider): Promise<string> {
  const { bare, auth: inUrl } = splitCredentials(url);
  const auth = inUrl ?? authFor(bare);
  const dir = await makeTempDir('credsweep-fetch-');
  try {
    // A bare repository is addressed by gitdir: with `dir`, isomorphic-git looks in dir/.git.
    await git.init({ fs, gitdir: dir, bare: true, defaultBranch: 'main' });
    await git.addRemote({ fs, gitdir: dir, remote: 'origin', url: bare });
    await git.fetch({
      fs,
      http,
      gitdir: dir,
      remote: 'origin',
      singleBranch: false,
      tags: true,
      ...(auth ? { onAuth: () => auth, onAuthFailure: () => ({ cancel: true }) } : {}),
    });
    return dir;
  } catch (err) {
    await removeFetched(dir);
    throw describeFailure(url, err);
  }
}

/** Removes a repository made by {@link fetchRemoteRepository}. */
export async function removeFetched(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
