// `credsweep report` tells a scripted incident: a key is committed to a CodeCommit repository,
// pushed, the repository is pulled by a principal nobody knows, the key is used from a new address
// to create a user and a key for it, then the responder deactivates it. CloudTrail (the emulator,
// paginating for real and throttling the first calls) holds those events; the report must tell
// that story, in order, with the right verdict.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { type AwsEmulator, startAwsEmulator } from '../support/aws-emulator.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { awsTestEnv } from '../support/aws-env.js';
import { runCli } from '../support/run-cli.js';

// Made-up credentials and key ids (never AWS's).
const RESPONDER = {
  accessKeyId: 'AKIAR4TQ7MXW2LPZ5KB3',
  secretAccessKey: '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',
  account: '310442960871',
};
const LEAKED = 'AKIAZ7Q3LM5XKP2WRT6B';
const SECRET = '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';
const COMMITTED = '2026-10-01T09:00:00Z';
const at = (iso: string) => Date.parse(iso) / 1000;
const REPO = 'codecommit://us-east-1/payments';

let emulator: AwsEmulator;
let repo: GitFixture;
let dir: string;
let report: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credsweep-report-'));
  repo = await makeRepo();
  // Written at 09:00, committed at 12:00 (a rebase, say): the report gives both.
  const settings = `AWS_ACCESS_KEY_ID=${LEAKED}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`;
  await repo.commit({ 'deploy/.env': settings }, 'deploy settings', {
    date: COMMITTED,
    committerDate: '2026-10-01T12:00:00Z',
    author: 'Dana Dev',
  });
  const scan = await runCli(['scan', repo.dir, '-f', 'json', '-q']);
  expect(scan.code, scan.stderr).toBe(1);
  // The findings of a scan of the CodeCommit repository (scanning CodeCommit itself is tested in
  // scan-codecommit.test.ts): the same findings, named by the repository.
  const findings = (JSON.parse(scan.stdout) as Finding[]).map((f) => ({ ...f, target: REPO, source: 'codecommit' }));
  report = join(dir, 'findings.json');
  writeFileSync(report, JSON.stringify(findings));

  emulator = await startAwsEmulator([RESPONDER]);
  emulator.buckets.push({
    name: 'artifacts',
    account: RESPONDER.account,
    objects: new Map(),
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
    policyPublic: true,
  });
  const pull = `codecommit:GitPull arn:aws:codecommit:us-east-1:${RESPONDER.account}:payments`;
  emulator.users.push(
    { account: RESPONDER.account, name: 'contractor-x', keys: [], allows: [pull] },
    {
      account: RESPONDER.account,
      name: 'auditor',
      keys: [],
      allows: ['codecommit:GitPull arn:aws:codecommit:us-east-1:310442960871:other-repo'],
    },
  );
  emulator.iamRoles.push(
    { account: RESPONDER.account, name: 'ci-runner', allows: ['codecommit:GitPull *'] },
    { account: RESPONDER.account, name: 'readonly', allows: [] },
  );
  emulator.users.push({
    account: RESPONDER.account,
    name: 'ci-deploy',
    keys: [
      {
        id: LEAKED,
        status: 'Inactive',
        created: '2026-06-01T00:00:00Z',
        lastUsed: { date: '2026-10-03T02:10:00Z', service: 'iam', region: 'us-east-1' },
      },
    ],
  });
  const ev = (time: string, eventName: string, more: Partial<AwsEmulator['trail'][number]> = {}) => ({
    account: RESPONDER.account,
    accessKeyId: LEAKED,
    time: at(time),
    eventName,
    ...more,
  });
  const workload = { sourceIp: '10.20.0.5', userAgent: 'aws-sdk-go/1.44 (deploy-bot)' };
  const attacker = { sourceIp: '198.51.100.7', userAgent: 'python-requests/2.31' };
  emulator.trail.push(
    ev('2026-09-20T12:00:00Z', 'PutObject', workload),
    ev('2026-09-28T12:00:00Z', 'PutObject', workload),
    {
      account: RESPONDER.account,
      accessKeyId: 'AKIAR4TQ7MXW2LPZ5KB3',
      time: at('2026-10-01T12:05:00Z'),
      eventName: 'GitPush',
      username: 'dana',
      resources: ['payments'],
      sourceIp: '10.20.0.9',
    },
    {
      account: RESPONDER.account,
      accessKeyId: 'AKIAR4TQ7MXW2LPZ5KB3',
      time: at('2026-10-02T22:40:00Z'),
      eventName: 'GitPull',
      username: 'contractor-x',
      resources: ['payments'],
      ...attacker,
    },
    ev('2026-10-03T02:00:00Z', 'GetCallerIdentity', attacker),
    ev('2026-10-03T02:05:00Z', 'CreateUser', { ...attacker, region: 'us-east-1' }),
    ev('2026-10-03T02:10:00Z', 'CreateAccessKey', { ...attacker, region: 'us-east-1' }),
    ev('2026-10-03T03:00:00Z', 'PutObject', workload),
    {
      account: RESPONDER.account,
      accessKeyId: RESPONDER.accessKeyId,
      time: at('2026-10-03T09:30:00Z'),
      eventName: 'UpdateAccessKey',
      username: 'responder',
      resources: [LEAKED],
      requestParameters: { accessKeyId: LEAKED, status: 'Inactive', userName: 'ci-deploy' },
    },
  );
  // Enough other events that the lookups need several pages.
  for (let i = 0; i < 120; i++)
    emulator.trail.push(ev(`2026-09-${String(1 + (i % 19)).padStart(2, '0')}T08:00:00Z`, 'GetObject', workload));
});

afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => awsTestEnv(emulator.url, RESPONDER);

describe('credsweep report', () => {
  it('tells the story: committed, pushed, pulled by a stranger, used to create a user from a new address, deactivated', async () => {
    emulator.throttle = 2;
    const out = join(dir, 'report.md');
    const run = await runCli(['report', report, '-o', out], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const md = readFileSync(out, 'utf8');
    // The timeline of the key, in order.
    const rows = [
      '2026-06-01T00:00:00.000Z | key created',
      '2026-10-01T09:00:00Z | committed in codecommit://us-east-1/payments',
      '2026-10-01T12:05:00.000Z | pushed to codecommit://us-east-1/payments',
      '**CreateUser** from 198.51.100.7',
      '**CreateAccessKey** from 198.51.100.7',
      '2026-10-03T09:30:00.000Z | deactivated',
    ];
    const positions = rows.map((r) => md.indexOf(r));
    expect(
      positions.every((p) => p >= 0),
      `${rows.filter((_, i) => positions[i] === -1)}\n${md}`,
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(md).toMatch(/commit [0-9a-f]{12} "deploy settings" by Dana Dev; committed 2026-10-01T12:00:00Z/);
    expect(md).toMatch(
      /\*\*Verdict: USED AFTER EXPOSURE FROM SOMEWHERE NEW\.\*\* 4 call\(s\) since exposure, from 198\.51\.100\.7, never seen before it/,
    );
    expect(md).toMatch(/\| python-requests\/2\.31 \| 3 \|/);
    // Who pulled the code, and what to do.
    expect(md).toMatch(/### codecommit:\/\/us-east-1\/payments\n\n1 GitPull call\(s\) since the first exposure/);
    expect(md).toMatch(/\| 2026-10-02T22:40:00\.000Z \| contractor-x \| 198\.51\.100\.7 \| python-requests\/2\.31 \|/);
    expect(md).toMatch(/Undo what the attacker created: CreateUser at 2026-10-03T02:05:00\.000Z; CreateAccessKey at/);
    expect(md).toMatch(/A rewrite does not help once the code was pulled/);
    expect(md).toMatch(
      /### codecommit:\/\/us-east-1\/payments\n\nmay still be pulled \(codecommit:GitPull, by IAM's policy simulator\) by arn:aws:iam::310442960871:user\/contractor-x, arn:aws:iam::310442960871:role\/ci-runner\n/,
    );
    expect(md).toMatch(/sha256 [0-9a-f]{64}/);
    expect(md).not.toContain(SECRET);
    // CloudTrail was paged through and the throttled calls retried.
    expect(emulator.lookups).toBeGreaterThan(4);
  });

  it('says "unknown", never "nobody", where access is not logged, and exits 3 when CloudTrail cannot be read', async () => {
    const s3 = join(dir, 's3-findings.json');
    const findings = JSON.parse(readFileSync(report, 'utf8')) as Finding[];
    writeFileSync(
      s3,
      JSON.stringify(
        findings.map((f) => ({
          ...f,
          target: 's3://artifacts/app.zip',
          source: 's3',
          occurrences: f.occurrences.map((o) => ({ ...o, target: 's3://artifacts/app.zip' })),
        })),
      ),
    );
    emulator.throttle = 100;
    const run = await runCli(['report', s3], { env: env() });
    emulator.throttle = 0;
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/### s3:\/\/artifacts\/app\.zip\n\nunknown: reads of S3 objects are data events/);
    // The bucket holding the bundle: its policy is public and Block Public Access is half off.
    expect(run.stdout).toMatch(
      /### s3:\/\/artifacts\n\n\*\*the bucket policy makes it PUBLIC\*\*; Block Public Access off for BlockPublicPolicy, RestrictPublicBuckets\n\n`aws s3api put-public-access-block --bucket artifacts --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`/,
    );
    expect(run.stdout).toMatch(/Verdict: unknown\.\*\* CloudTrail could not be read whole/);
    expect(run.stdout).toMatch(/Coverage: INCOMPLETE/);
    // The summary says first that CloudTrail could not be read, and gives no reassuring verdict.
    expect(run.stdout).toMatch(
      /## Summary\n\n- \*\*CloudTrail could not be read whole: whether the keys were used after exposure is not known\*\*/,
    );
    expect(run.stdout).not.toMatch(/No key shows use after exposure/);
    // The object holding the secret, and its old versions, get eradication steps.
    expect(run.stdout).toMatch(/Delete `s3:\/\/artifacts\/app\.zip` and every old version of it/);
  });

  it('recommends an action for every exposed key, and never calls a missing bucket policy status "not public"', async () => {
    const THIRD = 'AKIAT2R5NP7QW3LX6MZ4';
    const ID_ONLY = 'AKIAH6J7K2L3M4N5P6Q7';
    emulator.users.push({
      account: RESPONDER.account,
      name: 'id-only',
      keys: [{ id: ID_ONLY, status: 'Active', created: '2026-01-01T00:00:00Z' }],
    });
    const bucket = emulator.buckets.find((b) => b.name === 'artifacts');
    if (bucket) {
      bucket.policyStatus = 'missing';
      bucket.objects.set('app.zip', Buffer.from('zip'));
      bucket.publicReadKeys = new Set(['app.zip']);
      bucket.versions = new Map([['app.zip', { lastModified: '2026-10-02T06:00:00Z', versionId: 'v3' }]]);
    }
    const file = join(dir, 'more.json');
    const place = {
      file: 'config',
      line: 1,
      column: 1,
      commit: null,
      author: null,
      email: null,
      date: null,
      refs: [],
      blob: 'b1',
      target: 's3://artifacts/app.zip',
    };
    const base = {
      kind: 'secret',
      severity: 'medium',
      confidence: 'high',
      target: 's3://artifacts/app.zip',
      source: 's3',
      occurrences: [place],
    };
    writeFileSync(
      file,
      JSON.stringify([
        { ...base, id: 'a', rule: 'aws.access-key-id', ruleName: 'AWS access key ID', secret: THIRD },
        { ...base, id: 'b', rule: 'aws.access-key-id', ruleName: 'AWS access key ID', secret: ID_ONLY },
      ]),
    );
    try {
      const run = await runCli(['report', file], { env: env() });
      expect(run.stdout).toMatch(
        /Tell the owner of AWS account \d{12} that its key AKIAT2R5NP7QW3LX6MZ4 is exposed; nothing of ours to change/,
      );
      expect(run.stdout).toMatch(/Key id AKIAH6J7K2L3M4N5P6Q7 \(IAM user id-only\) was exposed without its secret: tell its owner/);
      expect(run.stdout).toMatch(/### s3:\/\/artifacts\n\nbucket policy status unknown;/);
      expect(run.stdout).not.toMatch(/policy not public/);
      // Exposed only in S3: the object's LastModified (and version) is when, the verdict's baseline.
      expect(run.stdout).toMatch(/2026-10-02T06:00:00\.000Z \| written to `s3:\/\/artifacts\/app\.zip` \(S3 LastModified, version v3\)/);
      // An object ACL that lets anyone read the secret is reported, with the command that closes it.
      expect(run.stdout).toMatch(
        /### s3:\/\/artifacts\/app\.zip\n\n\*\*the object's ACL grants READ to AllUsers\*\*: anyone can read the secret in it\n\n`aws s3api put-object-acl --bucket artifacts --key app\.zip --acl private`/,
      );
    } finally {
      if (bucket) {
        delete bucket.policyStatus;
        delete bucket.publicReadKeys;
        delete bucket.versions;
      }
    }
  });
});

describe('credsweep scan --report', () => {
  it('writes the incident report of the scan it just made', async () => {
    const out = join(dir, 'from-scan.md');
    const run = await runCli(['scan', repo.dir, '--report', out, '-q'], { env: env() });
    expect(run.code, run.stderr).toBe(1);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(new RegExp(`### ${LEAKED}: account ${RESPONDER.account} \\(ours\\), IAM user ci-deploy`));
    expect(md).toMatch(/Input `scan of .*`/);
    expect(md).toMatch(/Scan from 20\d\d-.* to 20\d\d-/);
    expect(md).toMatch(/Rules that found something: aws\.secret-access-key/);
    expect(md).toMatch(/unknown: not a repository whose access AWS logs/);
  });
});

// The HTML report in a real browser: Debian's Chromium, driven by playwright-core. Runs where
// Chromium is installed (.ci/run installs it); skipped elsewhere.
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe.skipIf(!CHROMIUM)('the HTML report in a browser', () => {
  it('opens offline, draws a timeline per key, sorts its tables, and shows no secret', async () => {
    const out = join(dir, 'report.html');
    const run = await runCli(['report', report, '-f', 'html', '-o', out], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain(SECRET);
    expect(html).not.toMatch(/<(?:link|img|script)[^>]+(?:href|src)=/);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(out).href);
      expect(await page.locator('h1').textContent()).toBe('Incident report: exposed credentials');
      expect(await page.locator('svg.timeline').count()).toBe(1);
      expect(await page.locator('svg.timeline circle').count()).toBe(7);
      expect(await page.locator('svg.timeline').textContent()).toContain('CreateUser from 198.51.100.7');
      // Sort the "calls since exposure by API" table by its API column, twice.
      const table = page.locator('table.sortable').first();
      const header = table.locator('th').first();
      await header.click();
      expect(await table.locator('tbody tr td:first-child').allTextContents()).toEqual([
        'CreateAccessKey',
        'CreateUser',
        'GetCallerIdentity',
        'PutObject',
      ]);
      await header.click();
      expect(await table.locator('tbody tr td:first-child').allTextContents()).toEqual([
        'PutObject',
        'GetCallerIdentity',
        'CreateUser',
        'CreateAccessKey',
      ]);
      expect(await header.getAttribute('aria-sort')).toBe('descending');
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      if (process.env.CREDSWEEP_KEEP_SCREENSHOT) copyFileSync(join(dir, 'report.png'), process.env.CREDSWEEP_KEEP_SCREENSHOT);
      expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
