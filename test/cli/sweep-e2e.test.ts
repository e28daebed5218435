// The nightly sweep end to end, as issue "Remote sources" asks: the built CLI sweeps two accounts
// (one role each) across three regions, ten CodeCommit repositories and a bucket of git bundles,
// all served locally (the AWS emulator verifying SigV4, `git http-backend` checking the
// CodeCommit-style password). Every planted secret, each in history only, is found with its
// repository and the commit that added it; a second run with --state reads no blob the first
// run's tips reach, and no S3 object whose ETag is unchanged.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecommitGitCredentials } from '../../src/aws/codecommit-git-credentials.js';
import type { Finding } from '../../src/types.js';
import { type AwsEmulator, startAwsEmulator } from '../support/aws-emulator.js';
import { fixtureEnv, type GitFixture, makeRepo } from '../support/git-fixture.js';
import { type GitHttpServer, startGitHttpServer } from '../support/git-http-server.js';
import { awsTestEnv } from '../support/aws-env.js';
import { runCli } from '../support/run-cli.js';

// Made-up credentials for the emulator (never AWS's).
const KEY = { accessKeyId: 'AKIAR7TQ2MXW9LPZ4KB8', secretAccessKey: 'pD4sX9mW2qT7vL1nB6zR8cY3kF5hJ0gU2eA7iO9w', account: '310442960871' };
const ACCOUNTS = ['111111111111', '222222222222'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'];
const role = (account: string) => `arn:aws:iam::${account}:role/credsweep-sweep`;
const token = (n: number) =>
  `xoxb-${String(4100000000 + n)}-${String(5200000000000 + n)}-Hq8Zr2Lm5Vw9Xt3Nb7Kd${String(n).padStart(4, '0')}`;

interface Planted {
  target: string;
  secret: string;
  commit: string;
  source: GitFixture;
  bare: string;
}

let emulator: AwsEmulator;
let git: GitHttpServer;
let root: string;
const planted: Planted[] = [];

// A repository whose secret was committed, then removed: it lives in history only.
async function plant(n: number): Promise<{ source: GitFixture; commit: string }> {
  const source = await makeRepo();
  await source.commit({ 'README.md': `# service ${n}\n` }, 'start');
  const commit = await source.commit({ 'deploy/app.env': `SLACK_BOT_TOKEN=${token(n)}\n` }, 'add deploy settings');
  await source.commit({ 'deploy/app.env': 'SLACK_BOT_TOKEN=read-from-the-vault\n' }, 'take the token out');
  return { source, commit };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'credsweep-sweep-'));
  emulator = await startAwsEmulator([KEY]);
  git = await startGitHttpServer(root, (username, password, path) => {
    const [id, session] = username.split('%');
    const key = emulator.keys.find((k) => k.accessKeyId === id && k.sessionToken === session);
    if (!key) return false;
    const stamp = password.slice(0, 15);
    const at = new Date(
      `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`,
    );
    return REGIONS.some((region) => codecommitGitCredentials(key, `${git.url}${path}`, region, at).password === password);
  });
  for (const account of ACCOUNTS) emulator.roles.push({ arn: role(account), account });
  for (let n = 0; n < 10; n++) {
    const account = ACCOUNTS[n % 2] as string;
    const region = REGIONS[n % 3] as string;
    const { source, commit } = await plant(n);
    const bare = join(root, `svc-${n}`);
    execFileSync('git', ['clone', '-q', '--bare', source.dir, bare], { env: fixtureEnv(source.root) });
    emulator.repositories.push({ account, region, name: `svc-${n}`, cloneUrlHttp: `${git.url}/v1/repos/svc-${n}` });
    planted.push({ target: `codecommit://${account}@${region}/svc-${n}`, secret: token(n), commit, source, bare });
  }
  const objects = new Map<string, Buffer>();
  for (const n of [10, 11]) {
    const { source, commit } = await plant(n);
    const file = join(root, `bundle-${n}.bundle`);
    execFileSync('git', ['bundle', 'create', file, '--all'], { cwd: source.dir, env: fixtureEnv(source.root), stdio: 'ignore' });
    objects.set(`nightly/svc-${n}.bundle`, readFileSync(file));
    planted.push({ target: `s3://code-backups/nightly/svc-${n}.bundle`, secret: token(n), commit, source, bare: '' });
  }
  emulator.buckets.push({ name: 'code-backups', account: KEY.account, objects });
});

afterAll(async () => {
  await git.close();
  await emulator.close();
  for (const p of planted) await p.source.cleanup();
  rmSync(root, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => awsTestEnv(emulator.url, KEY, { AWS_REGION: 'eu-west-1' });

function sweep(state: string, manifest: string) {
  const args = ['scan', 'codecommit://*', 's3://code-backups/nightly/', '--region', ...REGIONS, '--role-arn', ...ACCOUNTS.map(role)];
  return runCli([...args, '--state', state, '--manifest', manifest, '-f', 'json', '--show-secrets', '--no-progress'], { env: env() });
}

type Manifest = { targets: Array<{ target: string; status: string; objects?: number }> };

describe('the nightly sweep, end to end', () => {
  it('finds every planted secret with its repository and commit, then rescans only what changed', async () => {
    const state = join(root, 'state.json');
    const manifest = join(root, 'manifest.json');
    const first = await sweep(state, manifest);
    expect(first.code, first.stderr).toBe(1);
    const found = (JSON.parse(first.stdout) as Finding[]).map((f) => [f.target, f.secret, f.occurrences[0]?.commit]).sort();
    expect(found).toEqual(planted.map((p) => [p.target, p.secret, p.commit]).sort());
    const before = JSON.parse(readFileSync(manifest, 'utf8')) as Manifest;
    expect(before.targets).toHaveLength(12);
    expect(before.targets.every((t) => t.status === 'scanned')).toBe(true);

    // In between: one repository gets a new secret, one bundle object is replaced by a newer one.
    const changed = planted[3] as Planted;
    const commit = await changed.source.commit({ 'ci/token.txt': `${token(20)}\n` }, 'add a CI token');
    execFileSync('git', ['push', '-q', changed.bare, 'HEAD:refs/heads/main', '--force'], {
      cwd: changed.source.dir,
      env: fixtureEnv(changed.source.root),
    });
    const second = await sweep(state, manifest);
    expect(second.code, second.stderr).toBe(1);
    const again = JSON.parse(second.stdout) as Finding[];
    // The new secret is found in its commit; the old ones, still in history, are still reported.
    expect(again.find((f) => f.secret === token(20))?.occurrences[0]?.commit).toBe(commit);
    expect(again.map((f) => f.secret).sort()).toEqual([...planted.map((p) => p.secret), token(20)].sort());
    const after = JSON.parse(readFileSync(manifest, 'utf8')) as Manifest;
    const objects = (m: Manifest, target: string) => m.targets.find((t) => t.target === target)?.objects ?? -1;
    // A repository with the same objects and tips as last time is not read at all. In the changed
    // one only what the new commit brought is read: the commit, two trees and a blob.
    const status = (m: Manifest, target: string) => m.targets.find((t) => t.target === target)?.status;
    for (const p of planted.filter((x) => x.target.startsWith('codecommit://'))) {
      expect(objects(before, p.target), p.target).toBeGreaterThan(4);
      expect(objects(after, p.target), p.target).toBe(p === changed ? 4 : 0);
      expect(status(after, p.target), p.target).toBe(p === changed ? 'scanned' : 'unchanged');
    }
    expect(after.targets.filter((t) => t.target.startsWith('s3://')).map((t) => t.status)).toEqual(['unchanged', 'unchanged']);
  });
});
