// .pre-commit-hooks.yaml through the pre-commit framework itself (`pre-commit try-repo`, which
// clones this checkout, installs it the framework's way and runs the hook): a staged secret is
// refused, a clean change passes, and the pre-push hook scans the pushed range it is given.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEnv, type GitFixture, makeRepo } from '../support/git-fixture.js';
import { CHECKOUT, installEnv } from '../support/package-install.js';

const TOKEN = 'xoxb-7391046285-4432150697834-jTr6Mx3PdWcY8nLu2QsZa5Kf';
const work = mkdtempSync(join(tmpdir(), 'credsweep-pre-commit-'));
let repo: GitFixture;
let env: NodeJS.ProcessEnv;

function preCommit(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('pre-commit', args, { cwd: repo.dir, env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        throw new Error('the pre-commit framework is not installed (apt-get install pre-commit; .ci/run does it)');
      }
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

beforeAll(async () => {
  repo = await makeRepo();
  await repo.commit({ 'README.md': 'hello\n' }, 'first');
  // The framework installs into its own store; npm keeps the machine's cache.
  env = { ...installEnv(work), ...fixtureEnv(repo.root), PRE_COMMIT_HOME: join(work, 'store'), npm_config_cache: join(homedir(), '.npm') };
});

afterAll(async () => {
  await repo?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('the pre-commit framework', () => {
  it('installs the hook from this repository and refuses a staged secret', async () => {
    await repo.git('config', 'user.name', 'Test User');
    await repo.git('config', 'user.email', 'test@example.com');
    const dir = repo.dir;
    await import('node:fs/promises').then((fs) => fs.writeFile(join(dir, 'app.env'), `SLACK_TOKEN=${TOKEN}\n`));
    await repo.git('add', 'app.env');
    const refused = await preCommit(['try-repo', CHECKOUT, 'credsweep', '--verbose']);
    expect(refused.output).toMatch(/app\.env:1\s+slack\.bot-token/);
    expect(refused.code).not.toBe(0);
  }, 900_000);

  it('passes a clean change', async () => {
    await repo.git('rm', '-q', '--cached', 'app.env');
    await import('node:fs/promises').then((fs) => fs.writeFile(join(repo.dir, 'notes.md'), 'nothing secret\n'));
    await repo.git('add', 'notes.md');
    const passed = await preCommit(['try-repo', CHECKOUT, 'credsweep']);
    expect(passed.output).toMatch(/credsweep \(secrets in staged changes\)\.+Passed/);
    expect(passed.code).toBe(0);
  }, 900_000);

  it('runs the pre-push hook on the pushed range, and refuses to run outside a push', async () => {
    const base = await repo.git('rev-parse', 'HEAD');
    await repo.commit({ 'deploy.env': `SLACK_TOKEN=${TOKEN}\n` }, 'add deploy settings');
    const head = await repo.git('rev-parse', 'HEAD');
    const push = await preCommit(['try-repo', CHECKOUT, 'credsweep-pre-push', '--verbose', '--hook-stage', 'push', '--from-ref', base, '--to-ref', head]);
    expect(push.output).toMatch(/deploy\.env:1\s+slack\.bot-token/);
    expect(push.code).not.toBe(0);
    const atCommit = await preCommit(['try-repo', CHECKOUT, 'credsweep-pre-push', '--verbose']);
    expect(atCommit.output).toContain('stages: [pre-push]');
    expect(atCommit.code).not.toBe(0);
  }, 900_000);
});
