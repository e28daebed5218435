// A folder of seized clones: a bare mirror, a work-tree clone and a bundle side by side, each
// holding a secret only in its history. Scanning the folder must read every one as history and
// name the repository each finding came from; --no-history must say what it left unread.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { git, gitEnv } from '../support/shell-git.js';

// Made-up secrets, assembled so this file does not itself look like a leak.
const GH_TOKEN = ['ghp', '_', 'Q4wE8rT2yU6iO0pA3sD7fG1hJ5kL9zX2cV6b'].join('');
const GL_TOKEN = ['glpat', '-', 'Hs7Kd2Lq9Xw4Mz1Pv6Nb'].join('');
const SLACK = ['https://hooks.slack.com/services/', 'T0FOLD1AB/B0FOLD2CD/', 'Pq7r3StUv0WxYz2AbCdEf4Gh'].join('');

let root: string;
let incident: string;

// A repository whose first commit holds `secret` in `file` and whose second deletes it.
async function leakAndDelete(dir: string, file: string, secret: string): Promise<void> {
  const env = gitEnv(root);
  await git(root, ['init', '-q', dir], env);
  writeFileSync(join(dir, file), `token = "${secret}"\n`);
  await git(dir, ['add', '-A'], env);
  await git(dir, ['commit', '-q', '-m', 'add config'], env);
  await git(dir, ['rm', '-q', file], env);
  await git(dir, ['commit', '-q', '-m', 'remove config'], env);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cs-folder-'));
  incident = join(root, 'incident');
  mkdirSync(incident);
  const env = gitEnv(root);
  await leakAndDelete(join(root, 'src-a'), 'ci.env', GH_TOKEN);
  await git(root, ['clone', '-q', '--mirror', join(root, 'src-a'), join(incident, 'payments.git')], env);
  await leakAndDelete(join(incident, 'laptop', 'web'), 'deploy.sh', GL_TOKEN);
  await leakAndDelete(join(root, 'src-c'), 'notify.py', SLACK);
  await git(join(root, 'src-c'), ['bundle', 'create', '-q', join(incident, 'backup.bundle'), '--all'], env);
  writeFileSync(join(incident, 'notes.txt'), 'seized 2026-12-01\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a folder of repositories', () => {
  it('reads each repository under the folder as history and names it', async () => {
    const run = await runCli(['scan', incident, '-f', 'json', '--show-secrets', '--no-progress']);
    expect(run.code, run.stderr).toBe(1);
    const findings = JSON.parse(run.stdout) as Finding[];
    const targetOf = (secret: string) => findings.find((f) => f.secret === secret)?.target;
    expect(targetOf(GH_TOKEN)).toBe(join(incident, 'payments.git'));
    expect(targetOf(GL_TOKEN)).toBe(join(incident, 'laptop', 'web'));
    expect(targetOf(SLACK)).toBe(join(incident, 'backup.bundle'));
    const gh = findings.find((f) => f.secret === GH_TOKEN);
    expect(gh).toMatchObject({ source: 'git', file: 'ci.env', atHead: false });
    expect(gh?.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('--no-history reads only files and says how many repositories it did not read as history', async () => {
    const run = await runCli(['scan', incident, '--no-history', '--no-progress']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /Note: 3 git repositories under .*incident \(laptop\/web, payments\.git, backup\.bundle\) not read as history \(--no-history\)/,
    );
  });

  it('a repository nested in a scanned repository’s work tree is read too', async () => {
    const outer = join(root, 'outer');
    const env = gitEnv(root);
    await git(root, ['init', '-q', outer], env);
    writeFileSync(join(outer, 'README'), 'outer\n');
    await git(outer, ['add', 'README'], env);
    await git(outer, ['commit', '-q', '-m', 'outer'], env);
    await leakAndDelete(join(outer, 'vendor', 'lib'), 'k.env', GH_TOKEN);
    const run = await runCli(['scan', outer, '-f', 'json', '--show-secrets', '--no-progress']);
    expect(run.code, run.stderr).toBe(1);
    expect((JSON.parse(run.stdout) as Finding[]).find((f) => f.secret === GH_TOKEN)?.target).toBe(join(outer, 'vendor', 'lib'));
  });
});
