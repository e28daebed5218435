// Runs the real git CLI for building test repositories, isolated from the developer's config.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Environment that keeps system and user git config out and fixes identity and dates. */
export function gitEnv(home: string, date = '2024-01-01T00:00:00Z', who = 'Test User'): NodeJS.ProcessEnv {
  const email = `${who.split(' ')[0]?.toLowerCase()}@example.com`;
  return {
    ...process.env,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: who,
    GIT_AUTHOR_EMAIL: email,
    GIT_COMMITTER_NAME: who,
    GIT_COMMITTER_EMAIL: email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
}

/** Runs `git args` in `cwd` and returns trimmed stdout. */
export async function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = gitEnv(cwd)): Promise<string> {
  const { stdout } = await run('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, env, maxBuffer: 1 << 28 });
  return stdout.trim();
}
