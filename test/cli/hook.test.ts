// The pre-commit hook end to end: `credsweep hook install`, then real `git commit`s through it.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureEnv, type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const TOKEN = 'xoxb-8317460152-1093847561234-wzl4YcgUtwJM811zpsisMrBN';

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

const env = () => fixtureEnv((repo as GitFixture).root);
const cli = (...args: string[]) => runCli(args, { cwd: (repo as GitFixture).dir, env: env() });

/** `git commit` through the installed hooks; resolves the exit code and stderr. */
function commit(files: Record<string, string>, message = 'change'): Promise<{ code: number; stderr: string }> {
  const dir = (repo as GitFixture).dir;
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  return new Promise((resolve) => {
    execFile('git', ['add', '--', ...Object.keys(files)], { cwd: dir, env: env() }, () => {
      execFile('git', ['commit', '-q', '-m', message], { cwd: dir, env: env() }, (err, _out, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr: String(stderr) });
      });
    });
  });
}

describe('credsweep hook install', () => {
  it('stops a commit holding a secret, with advice, and lets clean and allowed commits through', async () => {
    repo = await makeRepo();
    const install = await cli('hook', 'install');
    expect(install.code).toBe(0);
    const hook = join(repo.dir, '.git/hooks/pre-commit');
    expect(statSync(hook).mode & 0o111).not.toBe(0);

    expect((await commit({ 'README.md': 'hello\n' })).code).toBe(0);
    const refused = await commit({ 'app.env': `SLACK_TOKEN=${TOKEN}\n` });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/commit stopped, a secret would be committed:\n\s+app\.env:1\s+slack\.bot-token\s+id [0-9a-f]{32}/);
    expect(refused.stderr).toContain('credsweep:allow');
    expect(await repo.git('log', '--format=%s')).toBe('change'); // only the clean commit landed

    const allowed = await commit({ 'app.env': `SLACK_TOKEN=${TOKEN} # credsweep:allow test workspace\n` }, 'allowed');
    expect(allowed.code).toBe(0);
  });

  it('keeps an existing hook, runs it first, and puts it back on uninstall', async () => {
    repo = await makeRepo();
    const hook = join(repo.dir, '.git/hooks/pre-commit');
    mkdirSync(join(repo.dir, '.git/hooks'), { recursive: true });
    writeFileSync(hook, '#!/bin/sh\necho ran > "$(git rev-parse --show-toplevel)/.git/old-hook-ran"\n');
    chmodSync(hook, 0o755);
    expect((await cli('hook', 'install')).stdout).toMatch(/kept as .*pre-commit\.credsweep-chained/);
    expect((await commit({ 'a.txt': 'a\n' })).code).toBe(0);
    expect(existsSync(join(repo.dir, '.git/old-hook-ran'))).toBe(true);
    expect((await cli('hook', 'install')).stdout).toMatch(/already installed/);
    expect((await cli('hook', 'uninstall')).stdout).toMatch(/previous hook is back/);
    expect(readFileSync(hook, 'utf8')).toContain('old-hook-ran');
    expect(existsSync(`${hook}.credsweep-chained`)).toBe(false);
    expect((await cli('hook', 'uninstall')).stdout).toMatch(/is not credsweep's; left as it is/);
  });

  it('honours core.hooksPath outside the work tree and refuses one inside it (a hook manager)', async () => {
    repo = await makeRepo();
    const shared = join(repo.root, 'shared-hooks');
    await repo.git('config', 'core.hooksPath', shared);
    expect((await cli('hook', 'install')).code).toBe(0);
    expect(existsSync(join(shared, 'pre-commit'))).toBe(true);
    await repo.git('config', 'core.hooksPath', '.husky');
    const refused = await cli('hook', 'install');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/inside the work tree.*\n\s+credsweep scan --staged/);
    expect(existsSync(join(repo.dir, '.husky'))).toBe(false);
  });

  it('installs a pre-push hook on request', async () => {
    repo = await makeRepo();
    expect((await cli('hook', 'install', '--pre-push')).code).toBe(0);
    expect(readFileSync(join(repo.dir, '.git/hooks/pre-push'), 'utf8')).toContain('scan --pre-push');
  });
});
