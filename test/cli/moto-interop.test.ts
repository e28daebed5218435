// A second opinion on the AWS side of keys and revoke: the same commands against moto's IAM and
// STS server (an independent implementation), so the emulator's answers are not the only ones
// the code is shaped by. Runs where `moto_server` is on the PATH (it ships with this machine
// image); skipped elsewhere. moto runs in its signature-checking mode (INITIAL_NO_AUTH_ACTION_COUNT:
// the first three calls make an administrator and its key, every later call must be signed by
// a key moto knows, session tokens included); it answers every STS call for account 123456789012.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  PutUserPolicyCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { awsTestEnv } from '../support/aws-env.js';
import { runCli } from '../support/run-cli.js';

const HAS_MOTO = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let moto: ChildProcess | undefined;
let url = '';
let dir = '';
let keyId = '';
// Replaced by the administrator's own key once moto has made it.
let credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

beforeAll(async () => {
  if (!HAS_MOTO) return;
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: '3' },
  });
  for (let i = 0; i < 100; i++) {
    // A TCP connection, not a request: moto counts every request against the unauthenticated three.
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      }).on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const bootstrap = new IAMClient({ region: 'us-east-1', endpoint: url, credentials });
  await bootstrap.send(new CreateUserCommand({ UserName: 'responder' }));
  const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  await bootstrap.send(new PutUserPolicyCommand({ UserName: 'responder', PolicyName: 'incident-response', PolicyDocument: allowAll }));
  const admin = (await bootstrap.send(new CreateAccessKeyCommand({ UserName: 'responder' }))).AccessKey;
  bootstrap.destroy();
  credentials = { accessKeyId: admin?.AccessKeyId ?? '', secretAccessKey: admin?.SecretAccessKey ?? '' };
  const iam = new IAMClient({ region: 'us-east-1', endpoint: url, credentials });
  await iam.send(new CreateUserCommand({ UserName: 'ci-deploy' }));
  await iam.send(new TagUserCommand({ UserName: 'ci-deploy', Tags: [{ Key: 'owner', Value: 'alice' }] }));
  keyId = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ci-deploy' }))).AccessKey?.AccessKeyId ?? '';
  iam.destroy();
  dir = mkdtempSync(join(tmpdir(), 'credsweep-moto-'));
  // A report as `scan -f json` writes it, for the key moto made (its ids need not fit our rule):
  // its secret found beside it.
  writeFileSync(join(dir, 'findings.json'), JSON.stringify([leak('f1', keyId)]));
}, 30_000);

afterAll(() => {
  moto?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => awsTestEnv(url, credentials);

function leak(id: string, key: string) {
  return {
    id,
    rule: 'aws.secret-access-key',
    kind: 'secret',
    secret: 'x…y',
    identifier: key,
    pairConfidence: 'high',
    occurrences: [],
    target: 'x',
  };
}

describe.skipIf(!HAS_MOTO)('keys and revoke against moto', () => {
  it('finds the owner the way the emulator does, and deactivates the key', async () => {
    const keys = await runCli(['keys', join(dir, 'findings.json'), '-f', 'json'], { env: env() });
    expect(keys.code, keys.stderr + keys.stdout).toBe(0);
    const [f] = JSON.parse(keys.stdout) as Finding[];
    expect(f?.aws).toMatchObject({
      accessKeyId: keyId,
      account: '123456789012',
      accountSource: 'sts',
      relation: 'ours',
      user: 'ci-deploy',
      status: 'Active',
      tags: { owner: 'alice' },
    });

    const audit = join(dir, 'audit.jsonl');
    const revoke = await runCli(['revoke', join(dir, 'findings.json'), '--apply', '--audit-log', audit], { env: env() });
    expect(revoke.code, revoke.stderr + revoke.stdout).toBe(0);
    const iam = new IAMClient({ region: 'us-east-1', endpoint: url, credentials });
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'ci-deploy' }));
    iam.destroy();
    expect(listed.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status])).toEqual([[keyId, 'Inactive']]);
    const again = await runCli(['revoke', join(dir, 'findings.json'), '--apply', '--audit-log', audit], { env: env() });
    expect(again.stdout).toMatch(/Nothing to change\./);
  });

  it('contains a leaked key of a user at the two-key limit under --rotate (exit 3, naming --delete), then frees the slot with --delete', async () => {
    const iam = new IAMClient({ region: 'us-east-1', endpoint: url, credentials });
    await iam.send(new CreateUserCommand({ UserName: 'full-user' }));
    const leaked = (await iam.send(new CreateAccessKeyCommand({ UserName: 'full-user' }))).AccessKey?.AccessKeyId ?? '';
    const production = (await iam.send(new CreateAccessKeyCommand({ UserName: 'full-user' }))).AccessKey?.AccessKeyId ?? '';
    const findings = join(dir, 'full.json');
    writeFileSync(findings, JSON.stringify([leak('f2', leaked)]));
    const audit = join(dir, 'audit-full.jsonl');
    const args = ['revoke', findings, '--rotate', '--secret-sink', join(dir, 'sink.jsonl'), '--apply', '--audit-log', audit];
    const run = await runCli(args, { env: env() });
    expect(run.code, run.stderr + run.stdout).toBe(3);
    expect(run.stdout).toMatch(/CANNOT: IAM user full-user already has two access keys .*--delete/);
    const status = async () =>
      new Map(
        (await iam.send(new ListAccessKeysCommand({ UserName: 'full-user' }))).AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status]),
      );
    expect(await status()).toEqual(
      new Map([
        [leaked, 'Inactive'],
        [production, 'Active'],
      ]),
    );

    const freed = await runCli([...args, '--delete'], { env: env() });
    expect(freed.code, freed.stderr + freed.stdout).toBe(0);
    const after = await status();
    expect(after.has(leaked)).toBe(false);
    expect(after.size).toBe(2);
    // A rerun finds the key deleted (moto: NoSuchEntity) and goes green.
    const rerun = await runCli([...args, '--delete'], { env: env() });
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
    expect(rerun.stdout).toMatch(/deleted by credsweep/);
    iam.destroy();
  });

  it('rejects calls not signed by a key it knows: an unknown caller is incomplete, never "third-party"', async () => {
    const stranger = await runCli(['keys', join(dir, 'findings.json')], {
      env: awsTestEnv(url, { accessKeyId: 'AKIAQ7W2E3R4T5Y6U7I2', secretAccessKey: 'nope' }),
    });
    expect(stranger.code).toBe(3);
    expect(stranger.stdout).toMatch(/INCOMPLETE: the caller's account is unknown \(sts:GetCallerIdentity failed: InvalidClientTokenId/);
    expect(stranger.stdout).not.toMatch(/third-party/);
  });
});
