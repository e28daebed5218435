// codecommit:// targets end to end: the built CLI lists repositories through the real
// CodeCommit SDK client against a local emulator that verifies SigV4 and paginates, then fetches
// each over HTTPS from `git http-backend` behind a server that checks the CodeCommit-style
// password (SigV4 of a GIT request) derived from the same credentials.
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

// Made-up test credentials for the emulator (never AWS's).
const KEY = { accessKeyId: 'AKIAQ3XH7BLZP5WJMRT4', secretAccessKey: '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', account: '310442960871' };
const SECRETS = [
  'xoxb-2374618290-4938271650123-IzId6By2ZJ0CxkKdwsA6T6go',
  'xoxb-8317460152-1093847561234-wzl4YcgUtwJM811zpsisMrBN',
  'xoxb-5550001112-2223334445556-QwErTy7UiOp9AsDfGhJkL2zx',
];

let emulator: AwsEmulator;
let git: GitHttpServer;
let root: string;
const sources: GitFixture[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'credsweep-cc-'));
  for (const [i, secret] of SECRETS.entries()) {
    const repo = await makeRepo();
    await repo.commit({ 'app.env': `SLACK=${secret}\n` }, `repo ${i}`);
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, join(root, `svc-${i}`)], { env: fixtureEnv(repo.root) });
    sources.push(repo);
  }
  // The git server accepts exactly the password AWS's credential helper would derive now.
  git = await startGitHttpServer(root, (username, password, path) => {
    // The user is the access key id, joined by % to the session token for temporary credentials.
    const [id, token] = username.split('%');
    const key = emulator.keys.find((k) => k.accessKeyId === id && k.sessionToken === (token === undefined ? undefined : token));
    if (!key) return false;
    const stamp = password.slice(0, 15);
    const at = new Date(
      `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`,
    );
    if (Math.abs(Date.now() - at.getTime()) > 15 * 60_000) return false;
    // Each emulated repository lives in one of these regions; the password is signed for its own.
    return ['eu-west-1', 'us-east-1', 'ap-south-1'].some(
      (region) => codecommitGitCredentials(key, `${git.url}${path}`, region, at).password === password,
    );
  });
  emulator = await startAwsEmulator([KEY]);
  for (const i of [0, 1, 2]) {
    emulator.repositories.push({
      account: KEY.account,
      region: 'eu-west-1',
      name: `svc-${i}`,
      cloneUrlHttp: `${git.url}/v1/repos/svc-${i}`,
    });
  }
  emulator.repositories.push({ account: KEY.account, region: 'us-east-1', name: 'elsewhere', cloneUrlHttp: `${git.url}/v1/repos/svc-0` });
});

afterAll(async () => {
  await git.close();
  await emulator.close();
  for (const s of sources) await s.cleanup();
  rmSync(root, { recursive: true, force: true });
});

function awsEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return awsTestEnv(emulator.url, KEY, overrides);
}

describe('scan codecommit://', () => {
  it('lists every repository of a region (paginated), fetches each and names findings by repository', async () => {
    const run = await runCli(['scan', 'codecommit://eu-west-1/*', '-f', 'json', '--show-secrets', '--no-progress'], { env: awsEnv() });
    expect(run.code, run.stderr).toBe(1);
    const findings = JSON.parse(run.stdout) as Finding[];
    expect(findings.map((f) => [f.target, f.source, f.secret]).sort()).toEqual(
      SECRETS.map((s, i) => [`codecommit://eu-west-1/svc-${i}`, 'codecommit', s]).sort(),
    );
    const list = emulator.requests.filter((r) => r.operation === 'ListRepositories');
    expect(list.length).toBeGreaterThanOrEqual(2); // page size 2, three repositories
    expect(emulator.requests.every((r) => r.verified)).toBe(true);
  });

  it('scans one named repository', async () => {
    const run = await runCli(['scan', 'codecommit://eu-west-1/svc-1', '-f', 'json', '--show-secrets', '--no-progress'], { env: awsEnv() });
    expect((JSON.parse(run.stdout) as Finding[]).map((f) => f.secret)).toEqual([SECRETS[1]]);
  });

  it('makes a run incomplete when the credentials are refused, and says so', async () => {
    const run = await runCli(['scan', 'codecommit://eu-west-1/*', '--no-progress', '--no-color'], {
      env: awsEnv({ AWS_SECRET_ACCESS_KEY: 'not-the-secret' }),
    });
    expect(run.code).toBe(3);
    expect(run.stdout + run.stderr).toMatch(/codecommit:\/\/eu-west-1\/\*: repositories could not be listed/);
  });

  it('without credentials says once what to do, not once per region, and never shows the SDK warning', async () => {
    const home = mkdtempSync(join(tmpdir(), 'credsweep-nocreds-'));
    try {
      const env = awsEnv({
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_SESSION_TOKEN: '',
        AWS_PROFILE: '',
        HOME: home,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '',
      });
      const run = await runCli(
        ['scan', 'codecommit://*', '--region', 'eu-west-1', 'us-east-1', 'ap-south-1', '--no-progress', '--no-color'],
        { env },
      );
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/no AWS credentials were found: pass --profile NAME or set AWS_PROFILE \(after `aws sso login`/);
      expect(run.stderr).not.toMatch(/NodeVersionSupportWarning|No secrets found/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('gives refused credentials one issue for every region they failed in, with what to do', async () => {
    const run = await runCli(['scan', 'codecommit://*', '--region', 'eu-west-1', 'us-east-1', '--no-progress', '--no-color'], {
      env: awsEnv({ AWS_SECRET_ACCESS_KEY: 'not-the-secret' }),
    });
    expect(run.code).toBe(3);
    const output = run.stdout + run.stderr;
    expect(output.match(/repositories could not be listed/g)).toHaveLength(1);
    expect(output).toMatch(/2 places \(codecommit:\/\/eu-west-1\/\*, codecommit:\/\/us-east-1\/\*\)/);
    expect(output).toMatch(/AWS does not accept these credentials/);
  });

  it('rejects a malformed target before scanning', async () => {
    const run = await runCli(['scan', 'codecommit://nowhere'], { env: awsEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expected codecommit:\/\/REGION\/REPOSITORY/);
  });
});

describe('scan codecommit://* (every region)', () => {
  it('sweeps the regions given with --region, naming every repository a shared secret is in', async () => {
    const run = await runCli(
      [
        'scan',
        'codecommit://*',
        '--region',
        'eu-west-1',
        'us-east-1',
        'ap-south-1',
        '--concurrency',
        '2',
        '-f',
        'json',
        '--show-secrets',
        '--no-progress',
      ],
      { env: awsEnv() },
    );
    expect(run.code, run.stderr).toBe(1);
    const findings = JSON.parse(run.stdout) as Finding[];
    expect(findings.map((f) => f.secret).sort()).toEqual([...SECRETS].sort());
    const shared = findings.find((f) => f.secret === SECRETS[0]);
    expect(shared?.occurrences.map((o) => o.target).sort()).toEqual(['codecommit://eu-west-1/svc-0', 'codecommit://us-east-1/elsewhere']);
    const regions = new Set(emulator.requests.filter((r) => r.operation === 'ListRepositories').map((r) => r.region));
    expect([...regions].sort()).toEqual(['ap-south-1', 'eu-west-1', 'us-east-1']);
  });
});

describe('sharding and the coverage manifest', () => {
  it('splits a sweep across shards with nothing lost or doubled, and says so in the manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'credsweep-manifest-'));
    try {
      const seen: string[] = [];
      for (const index of [1, 2]) {
        const manifest = join(dir, `m${index}.json`);
        const run = await runCli(
          [
            'scan',
            'codecommit://eu-west-1/*',
            '--shard',
            `${index}/2`,
            '--manifest',
            manifest,
            '-f',
            'json',
            '--show-secrets',
            '--no-progress',
          ],
          { env: awsEnv() },
        );
        expect(run.code === 0 || run.code === 1, run.stderr).toBe(true);
        seen.push(...(JSON.parse(run.stdout) as Finding[]).map((f) => f.secret));
        const m = JSON.parse(readFileSync(manifest, 'utf8')) as {
          shard: unknown;
          targets: Array<{ target: string; status: string; objects?: number }>;
        };
        expect(m.shard).toEqual({ index, count: 2 });
        expect(m.targets.map((t) => t.target)).toEqual([
          'codecommit://eu-west-1/svc-0',
          'codecommit://eu-west-1/svc-1',
          'codecommit://eu-west-1/svc-2',
        ]);
        for (const t of m.targets) {
          expect(['scanned', 'other-shard']).toContain(t.status);
          if (t.status === 'scanned') expect(t.objects).toBeGreaterThan(0);
        }
      }
      expect(seen.sort()).toEqual([...SECRETS].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records a region it could not list as failed, with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'credsweep-manifest-'));
    try {
      const manifest = join(dir, 'm.json');
      const run = await runCli(['scan', 'codecommit://eu-west-1/*', '--manifest', manifest, '--no-progress'], {
        env: awsEnv({ AWS_SECRET_ACCESS_KEY: 'not-the-secret' }),
      });
      expect(run.code).toBe(3);
      const m = JSON.parse(readFileSync(manifest, 'utf8')) as {
        targets: Array<{ target: string; status: string; issues: Array<{ code: string }> }>;
      };
      expect(m.targets).toMatchObject([
        { target: 'codecommit://eu-west-1/*', status: 'failed', issues: [{ code: 'AWS_InvalidSignatureException' }] },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an expired session token as an incomplete run, naming it', async () => {
    const expired = {
      accessKeyId: 'ASIAT4XK8PLM2QWZ9RB6',
      secretAccessKey: 'bN6mQ2wE8rT4yU0iO3pA7sD1fG5hJ9kL2zX6cV4n',
      sessionToken: 'old-session-Fwo/+=',
      account: KEY.account,
      expired: true,
    };
    emulator.keys.push(expired);
    const run = await runCli(['scan', 'codecommit://eu-west-1/*', '--no-progress', '-f', 'json'], {
      env: awsEnv({
        AWS_ACCESS_KEY_ID: expired.accessKeyId,
        AWS_SECRET_ACCESS_KEY: expired.secretAccessKey,
        AWS_SESSION_TOKEN: expired.sessionToken,
      }),
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/AWS_ExpiredTokenException codecommit:\/\/eu-west-1\/\*: .*expired/);
  });

  it('reports a region without CodeCommit without calling it, and still scans the other targets', async () => {
    const env = awsEnv();
    delete env.AWS_ENDPOINT_URL_CODECOMMIT;
    const run = await runCli(
      ['scan', 'codecommit://xx-nowhere-1/*', join(root, 'svc-1'), '--no-progress', '-f', 'json', '--show-secrets'],
      { env },
    );
    expect(run.code).toBe(3);
    expect((JSON.parse(run.stdout) as Finding[]).map((f) => f.secret)).toEqual([SECRETS[1]]);
    expect(run.stderr).toMatch(/CODECOMMIT_NO_REGION codecommit:\/\/xx-nowhere-1\/\*: CodeCommit is not offered in xx-nowhere-1/);
  });

  it('scans an empty repository as empty: clean, and listed as scanned', async () => {
    execFileSync('git', ['init', '-q', '--bare', join(root, 'empty')]);
    emulator.repositories.push({ account: KEY.account, region: 'ap-south-1', name: 'empty', cloneUrlHttp: `${git.url}/v1/repos/empty` });
    const dir = mkdtempSync(join(tmpdir(), 'credsweep-manifest-'));
    try {
      const manifest = join(dir, 'm.json');
      const run = await runCli(['scan', 'codecommit://ap-south-1/*', '--manifest', manifest, '--no-progress'], { env: awsEnv() });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const m = JSON.parse(readFileSync(manifest, 'utf8')) as { targets: Array<{ target: string; status: string }> };
      expect(m.targets).toMatchObject([{ target: 'codecommit://ap-south-1/empty', status: 'scanned' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed --shard', async () => {
    const run = await runCli(['scan', 'codecommit://eu-west-1/*', '--shard', '3/2'], { env: awsEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--shard: "3\/2" is not I\/N/);
  });
});

describe('an organisation-wide sweep (--role-arn)', () => {
  it('assumes one role per account, names repositories by account, and reports a role it cannot assume', async () => {
    const OTHER = '111122223333';
    emulator.roles.push({ arn: `arn:aws:iam::${OTHER}:role/credsweep-sweep`, account: OTHER });
    emulator.repositories.push({ account: OTHER, region: 'eu-west-1', name: 'svc-2', cloneUrlHttp: `${git.url}/v1/repos/svc-2` });
    const run = await runCli(
      [
        'scan',
        'codecommit://eu-west-1/*',
        '--role-arn',
        `arn:aws:iam::${OTHER}:role/credsweep-sweep`,
        'arn:aws:iam::444455556666:role/missing',
        '-f',
        'json',
        '--show-secrets',
        '--no-progress',
      ],
      { env: awsEnv() },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/role arn:aws:iam::444455556666:role\/missing could not be assumed/);
    const findings = JSON.parse(run.stdout) as Finding[];
    expect(findings.map((f) => [f.target, f.secret])).toEqual([[`codecommit://${OTHER}@eu-west-1/svc-2`, SECRETS[2]]]);
    const temp = emulator.requests.filter((r) => r.service === 'codecommit' && r.accessKeyId.startsWith('ASIA'));
    expect(temp.length).toBeGreaterThan(0);
    expect(temp.every((r) => r.verified)).toBe(true);
  });
});
