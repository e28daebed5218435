// .pre-commit-hooks.yaml through the pre-commit framework itself, which clones this checkout,
// installs it its own way (npm install, npm pack, a global install of the tarball) and runs the
// hooks: `pre-commit try-repo` refuses a staged secret; then, from a .pre-commit-config.yaml
// naming this checkout at its HEAD (one install kept in the store, where try-repo reinstalls
// every time), a clean change passes and the pre-push hook scans the pushed range it is given.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it('passes a clean change, installed from a config that names this checkout', async () => {
    await repo.git('rm', '-q', '--cached', 'app.env');
    rmSync(join(repo.dir, 'app.env'));
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: CHECKOUT, encoding: 'utf8' }).trim();
    const config = [
      'repos:',
      `  - repo: ${CHECKOUT}`,
      `    rev: ${head}`,
      '    hooks:',
      '      - id: credsweep',
      '      - id: credsweep-pre-push',
      '',
    ].join('\n');
    await repo.commit({ '.pre-commit-config.yaml': config }, 'use credsweep');
    writeFileSync(join(repo.dir, 'notes.md'), 'nothing secret\n');
    await repo.git('add', 'notes.md');
    const passed = await preCommit(['run', 'credsweep']);
    expect(passed.output).toMatch(/credsweep \(secrets in staged changes\)\.+Passed/);
    expect(passed.code).toBe(0);
  }, 900_000);

  it('runs the pre-push hook on the pushed range, and refuses to run outside a push', async () => {
    const base = await repo.git('rev-parse', 'HEAD');
    await repo.commit({ 'deploy.env': `SLACK_TOKEN=${TOKEN}\n` }, 'add deploy settings');
    const head = await repo.git('rev-parse', 'HEAD');
    const push = await preCommit(['run', 'credsweep-pre-push', '--verbose', '--hook-stage', 'push', '--from-ref', base, '--to-ref', head]);
    expect(push.output).toMatch(/deploy\.env:1\s+slack\.bot-token/);
    expect(push.code).not.toBe(0);
    const atCommit = await preCommit(['run', 'credsweep-pre-push', '--verbose']);
    expect(atCommit.output).toContain('stages: [pre-push]');
    expect(atCommit.code).not.toBe(0);
  }, 900_000);
});
