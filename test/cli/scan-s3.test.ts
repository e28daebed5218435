// s3:// targets end to end: the built CLI lists a bucket page by page and reads every object
// through the real S3 SDK client, against the local emulator, which verifies each request's SigV4
// signature. Objects are code bundles as CI systems store them: zips (read by ranges), tarballs,
// gzip, git bundles and plain files, some nested.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import {
  makeBzip2,
  makeLyingTar,
  makeNestedZipBomb,
  makeOverlapZip,
  makeSymlinkTar,
  makeTar,
  makeTgz,
  makeXz,
  makeZip,
  renameInZip,
} from '../support/archives.js';
import { type AwsEmulator, startAwsEmulator } from '../support/aws-emulator.js';
import { fixtureEnv, type GitFixture, makeRepo } from '../support/git-fixture.js';
import { awsTestEnv } from '../support/aws-env.js';
import { runCli } from '../support/run-cli.js';

// Made-up credentials for the emulator (never AWS's), in two accounts.
const KEY = { accessKeyId: 'AKIAQ3XH7BLZP5WJMRT4', secretAccessKey: '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', account: '310442960871' };
const OTHER = { accessKeyId: 'AKIAW9FJ2KQ4XZ7PLM3B', secretAccessKey: 'Zq7wP2xM9vL4kT8nR3sY6hB1cD5fG0jA2eU7iO4q', account: '522118394067' };
const EXPIRED = {
  accessKeyId: 'ASIAT4XK8PLM2QWZ9RB6',
  secretAccessKey: 'bN6mQ2wE8rT4yU0iO3pA7sD1fG5hJ9kL2zX6cV4n',
  sessionToken: 'expired-session-token-Fwo/+=',
  account: '310442960871',
  expired: true,
};

// Made-up Slack bot tokens, one per place.
const token = (n: number) =>
  `xoxb-${String(2374618290 + n)}-${String(4938271650123 + n)}-IzId6By2ZJ0CxkKdwsA6T${String(n).padStart(3, '0')}`;

let emulator: AwsEmulator;
let work: string;
let repo: GitFixture;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'credsweep-s3-'));
  repo = await makeRepo();
  await repo.commit({ 'config/app.env': `SLACK_BOT_TOKEN=${token(5)}\n` }, 'add config');
  await repo.commit({ 'config/app.env': 'SLACK_BOT_TOKEN=from-the-vault\n' }, 'move the token out');
  const bundle = join(work, 'repo.bundle');
  execFileSync('git', ['bundle', 'create', bundle, '--all'], { cwd: repo.dir, env: fixtureEnv(repo.root), stdio: 'ignore' });

  emulator = await startAwsEmulator([KEY, OTHER, EXPIRED]);
  const inner = await makeTgz({ 'deploy/.env': `SLACK=${token(2)}\n` });
  emulator.buckets.push({
    name: 'code-bundles',
    account: KEY.account,
    objects: new Map<string, Buffer>([
      [
        'builds/app.zip',
        await makeZip({ 'src/config.js': `export const slack = '${token(1)}';\n`, 'lib/inner.tar.gz': inner, 'README.md': '# app\n' }),
      ],
      ['builds/site.tgz', await makeTgz({ 'site/settings.yaml': `slack_token: ${token(3)}\n` })],
      ['logs/worker.log.gz', gzipSync(`started with token ${token(4)}\n`)],
      ['backups/repo.bundle', readFileSync(bundle)],
      ['notes/plain.txt', Buffer.from('nothing to see here\n')],
    ]),
  });
  const zeros = Buffer.alloc(40 * 1024 * 1024);
  const slip = renameInZip(
    await makeZip({ 'xx/xx/etc/cron.d/job': `SLACK=${token(7)}\n` }),
    'xx/xx/etc/cron.d/job',
    '../../etc/cron.d/job',
  );
  const corruptGz = gzipSync(`SLACK=${token(9)}\n`.repeat(50));
  emulator.buckets.push({
    name: 'hostile',
    account: KEY.account,
    objects: new Map<string, Buffer>([
      ['bomb.zip', await makeZip({ a: zeros, b: zeros, c: zeros, d: zeros })],
      ['slip.zip', slip],
      ['corrupt.gz', corruptGz.subarray(0, corruptGz.length - 20)],
      ['denied.txt', Buffer.from(`SLACK=${token(10)}\n`)],
      ['truncated.txt', Buffer.from(`${'x'.repeat(4096)}\nSLACK=${token(11)}\n`)],
      ['good.txt', Buffer.from(`SLACK=${token(8)}\n`)],
    ]),
    deniedKeys: new Set(['denied.txt']),
    truncated: new Map([['truncated.txt', 1024]]),
  });
  // The hostile archives the disk and history paths are tested with (test/cli/scan-archives.test.ts).
  emulator.buckets.push({
    name: 'hostile-archives',
    account: KEY.account,
    objects: new Map<string, Buffer>([
      ['nested-bomb.zip', await makeNestedZipBomb(3, 8, 1024 * 1024)],
      ['overlap.zip', await makeOverlapZip(Buffer.alloc(2 * 1024 * 1024), 30)],
      ['huge.tar', await makeLyingTar('big.bin', 8 * 1024 ** 3)],
      ['links.tar', await makeSymlinkTar('etc-link', '/etc/hostname', { 'after.txt': 'nothing here\n' })],
    ]),
  });
  // bzip2, xz and a git bundle inside a zip, each read as on disk; a bomb of each compression.
  const fourMb = Buffer.alloc(4 * 1024 * 1024);
  const zerosTar = await makeTar({ a: fourMb, b: fourMb, c: fourMb });
  emulator.buckets.push({
    name: 'more-archives',
    account: KEY.account,
    objects: new Map<string, Buffer>([
      ['vendor.tar.xz', makeXz(await makeTar({ 'ci/deploy.sh': `SLACK=${token(12)}\n` }))],
      ['logs.tar.bz2', makeBzip2(await makeTar({ 'var/log/app.log': `token ${token(13)}\n` }))],
      ['backup.zip', await makeZip({ 'repo.bundle': readFileSync(bundle) })],
      ['bomb.tar.bz2', makeBzip2(zerosTar)],
      ['bomb.tar.xz', makeXz(zerosTar)],
      ['cut.txt.xz', makeXz(`SLACK=${token(14)}\n`.repeat(40)).subarray(0, 60)],
    ]),
  });
  emulator.buckets.push({ name: 'someone-elses', account: OTHER.account, objects: new Map([['x.txt', Buffer.from('x')]]) });
});

afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
  rmSync(work, { recursive: true, force: true });
});

function awsEnv(key: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = KEY): NodeJS.ProcessEnv {
  return awsTestEnv(emulator.url, key, { AWS_REGION: 'eu-west-1' });
}

const scan = (args: string[], key?: Parameters<typeof awsEnv>[0]) =>
  runCli(['scan', ...args, '-f', 'json', '--show-secrets', '--no-progress'], { env: awsEnv(key) });

// Each finding as [target, file, secret], sorted.
function located(findings: Finding[]): string[][] {
  return findings.flatMap((f) => f.occurrences.map((o) => [o.target ?? f.target, o.file ?? '', f.secret ?? ''])).sort();
}

describe('scan s3://', () => {
  it('finds secrets in zips, nested tarballs, gzip, git bundle history and plain objects, named by object and member', async () => {
    const run = await scan(['s3://code-bundles']);
    expect(run.code, run.stderr).toBe(1);
    const findings = JSON.parse(run.stdout) as Finding[];
    expect(located(findings)).toEqual(
      [
        ['s3://code-bundles/backups/repo.bundle', 'config/app.env', token(5)],
        ['s3://code-bundles/builds/app.zip', 'builds/app.zip!lib/inner.tar.gz!deploy/.env', token(2)],
        ['s3://code-bundles/builds/app.zip', 'builds/app.zip!src/config.js', token(1)],
        ['s3://code-bundles/builds/site.tgz', 'builds/site.tgz!site/settings.yaml', token(3)],
        ['s3://code-bundles/logs/worker.log.gz', 'logs/worker.log', token(4)],
      ].sort(),
    );
    // The bundle's finding carries its commit, as any history finding does.
    const fromBundle = findings.find((f) => f.secret === token(5));
    expect(fromBundle?.occurrences[0]?.commit).toMatch(/^[0-9a-f]{40}$/);
    // Every request was signed and verified; the bucket was listed in pages (page size 2).
    const mine = emulator.requests.filter((r) => r.service === 's3');
    expect(mine.every((r) => r.verified)).toBe(true);
    expect(mine.filter((r) => r.operation === 'GET /code-bundles/').length).toBeGreaterThanOrEqual(3);
  });

  it('narrows to a prefix', async () => {
    const run = await scan(['s3://code-bundles/logs/']);
    expect(run.code, run.stderr).toBe(1);
    expect((JSON.parse(run.stdout) as Finding[]).map((f) => f.secret)).toEqual([token(4)]);
  });

  it('reports a bomb, a corrupt gzip, a denied and a truncated object as issues, exits 3, and still scans the rest', async () => {
    const manifestFile = join(work, 'manifest.json');
    const args = [
      'scan',
      's3://hostile',
      '-f',
      'json',
      '--show-secrets',
      '--no-progress',
      '--max-archive-bytes',
      '100MB',
      '--manifest',
      manifestFile,
    ];
    const run = await runCli(args, {
      env: awsEnv(),
    });
    expect(run.code, run.stderr).toBe(3);
    const secrets = (JSON.parse(run.stdout) as Finding[]).map((f) => f.secret).sort();
    // The good object and the member named to escape the archive are both scanned.
    expect(secrets).toEqual([token(7), token(8)].sort());
    expect(run.stderr).toMatch(/s3:\/\/hostile\/bomb\.zip.*archive bomb/);
    expect(run.stderr).toMatch(/ARCHIVE_CORRUPT s3:\/\/hostile\/corrupt\.gz: corrupt\.gz: cannot be read: unexpected end of file/);
    expect(run.stderr).toMatch(/AWS_AccessDenied s3:\/\/hostile\/denied\.txt: cannot be read: Access Denied/);
    expect(run.stderr).toMatch(/s3:\/\/hostile\/truncated\.txt: .*cannot be read/);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { targets: Array<{ target: string; status: string }> };
    const status = Object.fromEntries(manifest.targets.map((t) => [t.target, t.status]));
    expect(status).toMatchObject({
      's3://hostile/good.txt': 'scanned',
      's3://hostile/slip.zip': 'scanned',
      's3://hostile/denied.txt': 'failed',
      's3://hostile/bomb.zip': 'incomplete',
    });
    // Nothing was extracted anywhere by the ../ member.
    expect(() => statSync(join(work, '..', '..', 'etc', 'cron.d', 'job'))).toThrow();
  });

  it('bounds a nested zip bomb, an overlapping-entry bomb and a lying tar header, naming each; a symlink member is skipped', async () => {
    const run = await runCli(['scan', 's3://hostile-archives', '-f', 'json', '--no-progress', '--max-archive-bytes', '8MB'], {
      env: awsEnv(),
    });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/ARCHIVE_TOO_LARGE s3:\/\/hostile-archives\/nested-bomb\.zip/);
    expect(run.stderr).toMatch(/ARCHIVE_(?:TOO_LARGE|CORRUPT) s3:\/\/hostile-archives\/overlap\.zip/);
    expect(run.stderr).toMatch(/ARCHIVE_CORRUPT s3:\/\/hostile-archives\/huge\.tar/);
    expect(run.stderr).not.toMatch(/links\.tar/);
  });

  it('opens tar.xz and tar.bz2 objects, reads a bundle in a zip as history, and bounds bzip2 and xz bombs', async () => {
    const run = await scan(['s3://more-archives', '--max-archive-bytes', '8MB']);
    expect(run.code, run.stderr).toBe(3);
    expect(located(JSON.parse(run.stdout) as Finding[])).toEqual(
      [
        ['s3://more-archives/backup.zip!repo.bundle', 'config/app.env', token(5)],
        ['s3://more-archives/logs.tar.bz2', 'logs.tar.bz2!var/log/app.log', token(13)],
        ['s3://more-archives/vendor.tar.xz', 'vendor.tar.xz!ci/deploy.sh', token(12)],
      ].sort(),
    );
    expect(run.stderr).toMatch(/ARCHIVE_TOO_LARGE s3:\/\/more-archives\/bomb\.tar\.bz2/);
    expect(run.stderr).toMatch(/ARCHIVE_TOO_LARGE s3:\/\/more-archives\/bomb\.tar\.xz/);
    expect(run.stderr).toMatch(/ARCHIVE_CORRUPT s3:\/\/more-archives\/cut\.txt\.xz: .*xz data is truncated/);
  });

  it('ends incomplete, never clean, on a bucket of another account, an unknown bucket or an expired token', async () => {
    const denied = await scan(['s3://someone-elses']);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toMatch(/s3:\/\/someone-elses: objects could not be listed: Access Denied/);
    const missing = await scan(['s3://no-such-bucket']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/NoSuchBucket|does not exist/);
    const expired = await scan(['s3://code-bundles'], EXPIRED);
    expect(expired.code).toBe(3);
    expect(expired.stderr).toMatch(/expired/i);
  });

  it('keeps the sweep state in S3 with --state s3://BUCKET/KEY', async () => {
    emulator.buckets.push({ name: 'sweep-state', account: KEY.account, objects: new Map() });
    const first = await scan(['s3://code-bundles/logs/', '--state', 's3://sweep-state/nightly/state.json']);
    expect(first.code, first.stderr).toBe(1);
    const saved = emulator.buckets.find((b) => b.name === 'sweep-state')?.objects.get('nightly/state.json');
    const state = JSON.parse(saved?.toString('utf8') ?? '{}') as { repositories: Record<string, { etag?: string }> };
    expect(Object.keys(state.repositories)).toEqual(['s3://code-bundles/logs/worker.log.gz']);
    const before = emulator.requests.length;
    const second = await scan(['s3://code-bundles/logs/', '--state', 's3://sweep-state/nightly/state.json']);
    expect(second.code, second.stderr).toBe(1);
    expect((JSON.parse(second.stdout) as Finding[]).map((f) => f.secret)).toEqual([token(4)]);
    expect(emulator.requests.slice(before).map((r) => r.operation)).not.toContain('GET /code-bundles/logs/worker.log.gz');
    // A state the credentials cannot write is an error, not a silent loss.
    const denied = await scan(['s3://code-bundles/logs/', '--state', 's3://someone-elses/state.json']);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/state s3:\/\/someone-elses\/state\.json cannot be read: Access Denied/);
  });

  it('rejects a malformed target before scanning', async () => {
    const run = await scan(['s3://']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not a bucket name/);
  });

  it('with --state, an unchanged zip still reports the findings of the git bundle inside it', async () => {
    const state = join(work, 'nested-state.json');
    const first = await scan(['s3://more-archives/backup.zip', '--state', state]);
    expect(first.code, first.stderr).toBe(1);
    const before = emulator.requests.length;
    const second = await scan(['s3://more-archives/backup.zip', '--state', state]);
    expect(second.code, second.stderr).toBe(1);
    const reads = emulator.requests.slice(before).filter((r) => r.service === 's3' && r.operation !== 'GET /more-archives/');
    expect(reads.map((r) => r.operation)).toEqual([]);
    expect(located(JSON.parse(second.stdout) as Finding[])).toEqual(located(JSON.parse(first.stdout) as Finding[]));
  });

  it('with --state, reads again only objects whose ETag changed, and still reports open findings', async () => {
    const state = join(work, 'state.json');
    const first = await scan(['s3://code-bundles', '--state', state]);
    expect(first.code, first.stderr).toBe(1);
    expect(statSync(state).mode & 0o777).toBe(0o600);
    const bucket = emulator.buckets.find((b) => b.name === 'code-bundles');
    bucket?.objects.set('notes/plain.txt', Buffer.from(`now with SLACK=${token(6)}\n`));
    const before = emulator.requests.length;
    const second = await scan(['s3://code-bundles', '--state', state]);
    expect(second.code, second.stderr).toBe(1);
    const reads = emulator.requests.slice(before).filter((r) => r.service === 's3' && r.operation !== 'GET /code-bundles/');
    expect(reads.map((r) => r.operation)).toEqual(['GET /code-bundles/notes/plain.txt']);
    const secrets = (JSON.parse(second.stdout) as Finding[]).map((f) => f.secret).sort();
    expect(secrets).toEqual([token(1), token(2), token(3), token(4), token(5), token(6)].sort());
  });
});
