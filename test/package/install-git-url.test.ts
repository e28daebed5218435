// credsweep installed the way the README's one-liner does: `npm install -g git+URL` into a fresh
// prefix, from a repository holding this checkout's files (a git install packs the committed
// tree, which has no dist/). The first run builds the package once, later runs do not; a package
// folder the user cannot write (a global install by root) builds into the user's cache folder.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { CHECKOUT, commitCheckout, hookRefusesStagedSecret, installEnv, npm, runInstalled } from '../support/package-install.js';

const TOKEN = 'xoxb-6302815947-5528193046271-vHq3Lp9TzWc2RmXa7NbKe4Ys';
const work = mkdtempSync(join(tmpdir(), 'credsweep-git-install-'));
const prefix = join(work, 'prefix');
const installed = join(prefix, 'bin', 'credsweep');
const packageDir = join(prefix, 'lib', 'node_modules', 'credsweep');
const version = JSON.parse(readFileSync(join(CHECKOUT, 'package.json'), 'utf8')).version as string;
const FIRST_USE = /^credsweep: building for first use \(once\) in (.+)\n$/;
let source: GitFixture;
let repo: GitFixture;

beforeAll(async () => {
  source = await commitCheckout();
  await npm(['install', '--global', '--prefix', prefix, `git+file://${source.dir}`], work, installEnv(work));
  repo = await makeRepo();
}, 600_000);

afterAll(async () => {
  await source?.cleanup();
  await repo?.cleanup();
  execFileSync('chmod', ['-R', 'u+w', work]);
  rmSync(work, { recursive: true, force: true });
});

describe('a git URL install', () => {
  it('installs the sources without a build, builds on the first run only, and runs from outside the checkout', async () => {
    expect(existsSync(join(packageDir, 'src/cli/main.ts'))).toBe(true);
    expect(existsSync(join(packageDir, 'dist'))).toBe(false);
    const first = await runInstalled(installed, ['--version'], work);
    expect(first.stderr).toMatch(FIRST_USE);
    expect(first.stderr.match(FIRST_USE)?.[1]).toBe(packageDir);
    expect(first.stdout.trim()).toBe(version);
    expect(first.code).toBe(0);
    expect(existsSync(join(packageDir, 'dist/build-stamp.json'))).toBe(true);
    const again = await runInstalled(installed, ['--version'], work);
    expect(again).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('finds a committed secret in a repository elsewhere', async () => {
    await repo.commit({ 'config/app.env': `SLACK_TOKEN=${TOKEN}\n` }, 'add config');
    const run = await runInstalled(installed, ['scan', repo.dir, '-f', 'json', '--no-progress'], work);
    expect(run.stderr).toMatch(/^credsweep: 1 findings/);
    expect(run.code).toBe(1);
    const findings = JSON.parse(run.stdout) as { rule: string; file: string }[];
    expect(findings.map((f) => [f.rule, f.file])).toEqual([['slack.bot-token', 'config/app.env']]);
  });

  it('installs a pre-commit hook in that repository that refuses a staged secret', async () => {
    await repo.commit({ 'config/app.env': null }, 'remove the token');
    expect(await hookRefusesStagedSecret(installed, repo, TOKEN)).toBe(true);
  });

  it("builds into the user's own cache folder when the package folder is not writable", async () => {
    rmSync(join(packageDir, 'dist'), { recursive: true, force: true });
    execFileSync('chmod', ['-R', 'a-w', packageDir]);
    // Root writes anywhere, so as root the run is made as another user, as after `sudo npm install -g`.
    const uid = process.getuid?.() === 0 ? 65534 : undefined;
    chmodSync(work, 0o755);
    const home = join(work, 'home');
    mkdirSync(home);
    if (uid !== undefined) chownSync(home, uid, uid);
    const files = join(work, 'files');
    mkdirSync(files);
    writeFileSync(join(files, 'deploy.env'), `SLACK_TOKEN=${TOKEN}\n`);
    const env = { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, 'cache') };

    const first = await runInstalled(installed, ['scan', files, '-f', 'json', '--no-progress'], work, env, uid);
    const built = first.stderr.match(/^credsweep: building for first use \(once\) in (.+)\n/)?.[1];
    expect(built).toMatch(new RegExp(`^${join(home, 'cache', 'credsweep', version).replaceAll('.', '\\.')}-[0-9a-f]{16}/package$`));
    expect(first.code).toBe(1);
    expect((JSON.parse(first.stdout) as { rule: string }[]).map((f) => f.rule)).toEqual(['slack.bot-token']);
    expect(statSync(join(home, 'cache', 'credsweep')).mode & 0o777).toBe(0o700);
    expect(existsSync(join(packageDir, 'dist'))).toBe(false);

    const again = await runInstalled(installed, ['--version'], work, env, uid);
    expect(again).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});
