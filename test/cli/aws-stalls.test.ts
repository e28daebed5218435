// AWS calls that stall: with retries on (AWS_MAX_ATTEMPTS=3, as users run), a response that
// never comes or stops half way fails after CREDSWEEP_AWS_TIMEOUT, is retried like any transient
// failure, and then fails only its own object (exit 3, named), with the report and manifest of
// everything else written. No assertion here is about time: only about what was asked and written.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { type AwsEmulator, startAwsEmulator } from '../support/aws-emulator.js';
import type { EmulatedBucket } from '../support/s3-emulator.js';
import { awsTestEnv } from '../support/aws-env.js';
import { runCli } from '../support/run-cli.js';

const KEY = { accessKeyId: 'AKIAR7TQ2WZKX4PLMB9D', secretAccessKey: 'pQ8rW3tY6uI1oP4aS7dF0gH2jK5lZ9xC3vB6nM1q', account: '418220571936' };
const token = (n: number) =>
  `xoxb-${String(6102938475 + n)}-${String(3847561029384 + n)}-QwErTy7UiOp3AsDfGhJkL${String(n).padStart(3, '0')}`;

let emulator: AwsEmulator;
let work: string;
let bucket: EmulatedBucket;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'credsweep-stall-'));
  emulator = await startAwsEmulator([KEY]);
  bucket = {
    name: 'slow',
    account: KEY.account,
    objects: new Map([
      ['good.txt', Buffer.from(`SLACK=${token(1)}\n`)],
      ['once.txt', Buffer.from(`SLACK=${token(2)}\n`)],
      ['dead.txt', Buffer.from(`SLACK=${token(3)}\n`)],
      ['half.txt', Buffer.from(`SLACK=${token(4)}\n${'padding line\n'.repeat(200)}`)],
    ]),
    stalls: new Map([
      ['once.txt', { at: 'before' as const, times: 1 }],
      ['dead.txt', { at: 'before' as const, times: 99 }],
      ['half.txt', { at: 'body' as const, times: 99 }],
    ]),
    gets: new Map(),
  };
  emulator.buckets.push(bucket);
});

afterAll(async () => {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
});

it('a stalled S3 GET is retried, then fails only its object; the report and manifest are written', async () => {
  const out = join(work, 'findings.json');
  const manifest = join(work, 'manifest.json');
  const env = awsTestEnv(emulator.url, KEY, { CREDSWEEP_AWS_TIMEOUT: '1' });
  const run = await runCli(['scan', 's3://slow', '-f', 'json', '--show-secrets', '--no-progress', '-o', out, '--manifest', manifest], {
    env,
  });
  expect(run.code, run.stderr).toBe(3);
  const secrets = (JSON.parse(readFileSync(out, 'utf8')) as Finding[]).map((f) => f.secret).sort();
  // once.txt stalled on the first try and was answered on the retry.
  expect(secrets).toEqual([token(1), token(2)].sort());
  expect(bucket.gets?.get('once.txt')).toBe(2);
  // dead.txt never answered: every attempt was made, then it failed.
  expect(bucket.gets?.get('dead.txt')).toBe(3);
  expect(run.stderr).toMatch(/s3:\/\/slow\/dead\.txt/);
  expect(run.stderr).toMatch(/s3:\/\/slow\/half\.txt/);
  const status = Object.fromEntries(
    (JSON.parse(readFileSync(manifest, 'utf8')) as { targets: Array<{ target: string; status: string }> }).targets.map((t) => [
      t.target,
      t.status,
    ]),
  );
  expect(status).toMatchObject({ 's3://slow/good.txt': 'scanned', 's3://slow/once.txt': 'scanned', 's3://slow/dead.txt': 'failed' });
  expect(status['s3://slow/half.txt']).not.toBe('scanned');
}, 60_000);

it('CREDSWEEP_AWS_TIMEOUT must be a positive number of seconds', async () => {
  const run = await runCli(['scan', 's3://slow'], { env: awsTestEnv(emulator.url, KEY, { CREDSWEEP_AWS_TIMEOUT: 'soon' }) });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('CREDSWEEP_AWS_TIMEOUT');
});
