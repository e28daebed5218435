// A second opinion on the S3 side of `scan s3://`: the same scan against s3rver, a third-party S3
// implementation (it checks no signatures, so the emulator's verifying tests stay the main ones).
// s3rver runs in a child with OpenSSL's legacy provider, which its paginated listing needs on
// Node 20 (../shared/AWS-TESTING.md).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { makeTgz, makeZip } from '../support/archives.js';
import { awsTestEnv } from '../support/aws-env.js';
import { runCli } from '../support/run-cli.js';

const S3RVER = resolve(import.meta.dirname, '../../node_modules/s3rver/bin/s3rver.js');
// s3rver's built-in credentials.
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const SECRET_A = 'xoxb-8801234567-9912345678901-Tz4Rq8Lm2Vx6Nb0Kd3Ht7Fj1';
const SECRET_B = 'xoxb-7701234567-6612345678901-Pc5Ya9Ue3Xi7Oq1Ws4Ed8Rf2';

let server: ChildProcess;
let dir: string;
let url = '';

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credsweep-s3rver-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--openssl-legacy-provider', S3RVER, '-d', dir, '-a', '127.0.0.1', '-p', String(port), '-s'], {
    stdio: 'ignore',
  });
  for (
    let i = 0;
    i < 100 &&
    !(await fetch(url).then(
      () => true,
      () => false,
    ));
    i++
  )
    await new Promise((r) => setTimeout(r, 100));
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: url,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'artifacts' }));
  await s3.send(
    new PutObjectCommand({
      Bucket: 'artifacts',
      Key: 'release/app.zip',
      Body: await makeZip({ 'cfg/app.js': `const t = '${SECRET_A}';\n` }),
    }),
  );
  await s3.send(
    new PutObjectCommand({ Bucket: 'artifacts', Key: 'release/site.tgz', Body: await makeTgz({ 'site/.env': `SLACK=${SECRET_B}\n` }) }),
  );
  s3.destroy();
}, 30_000);

afterAll(() => {
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('scan s3:// against s3rver', () => {
  it('lists the bucket and reads a zip by ranges and a tarball as a stream, as against the emulator', async () => {
    const run = await runCli(['scan', 's3://artifacts/release/', '-f', 'json', '--show-secrets', '--no-progress'], {
      env: awsTestEnv(url, credentials),
    });
    expect(run.code, run.stderr).toBe(1);
    const found = (JSON.parse(run.stdout) as Finding[]).map((f) => [f.target, f.file, f.secret]).sort();
    expect(found).toEqual([
      ['s3://artifacts/release/app.zip', 'release/app.zip!cfg/app.js', SECRET_A],
      ['s3://artifacts/release/site.tgz', 'release/site.tgz!site/.env', SECRET_B],
    ]);
  });
});
