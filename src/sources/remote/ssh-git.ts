// Repositories named by `ssh://` URL, fetched with the git binary (isomorphic-git has no SSH):
// `git clone --mirror` into a private temporary folder (every ref, full history, no checkout),
// scanned as history, then removed. The user's SSH setup is used as is (keys, agent, known hosts,
// GIT_SSH_COMMAND). Git's config is not: no system or global config, no hooks, and no transport
// other than ssh, so a URL or a redirect cannot make git run a helper program (`ext::`).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceError } from '../../errors.js';
import { runGitCommand } from '../git-cli.js';
import { displayUrl } from './remote-url.js';
import { makeTempDir } from '../temp-dirs.js';

/**
 * Mirrors the repository at `url` into a new temporary folder; returns its path (remove it with
 * {@link removeSshFetched}).
 * @throws SourceError `SOURCE_FETCH_FAILED` naming the URL and git's reason.
 */
export async function fetchSshRepository(url: string): Promise<string> {
  const parent = await makeTempDir('credsweep-ssh-');
  const dir = join(parent, 'repo.git');
  try {
    await runGitCommand(
      [
        '-c',
        'protocol.allow=never',
        '-c',
        'protocol.ssh.allow=always',
        '-c',
        'core.hooksPath=/dev/null',
        'clone',
        '--mirror',
        '--quiet',
        '--',
        url,
        dir,
      ],
      parent,
    );
    return dir;
  } catch (err) {
    await rm(parent, { recursive: true, force: true });
    const reason = err instanceof Error ? err.message.replace(/^git clone failed in \S+: /, '') : String(err);
    throw new SourceError('SOURCE_FETCH_FAILED', `${displayUrl(url)}: cannot be fetched over ssh: ${reason}`, { url: displayUrl(url) });
  }
}

/** Removes what {@link fetchSshRepository} made. */
export async function removeSshFetched(dir: string): Promise<void> {
  await rm(join(dir, '..'), { recursive: true, force: true });
}
