// Runs the real git CLI for building test repositories, isolated from the developer's config.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fixtureEnv } from './git-fixture.js';

const run = promisify(execFile);

/** Environment that keeps system and user git config out and fixes identity and dates. */
export const gitEnv = fixtureEnv;

/** Runs `git args` in `cwd` and returns trimmed stdout. */
export async function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = gitEnv(cwd)): Promise<string> {
  const { stdout } = await run('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, env, maxBuffer: 1 << 28 });
  return stdout.trim();
}
