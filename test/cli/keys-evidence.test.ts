// `credsweep keys` as evidence: redacted output by default, a temporary key verified with its
// session token, and an account of ours no role reaches told apart from a third party's.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { type AwsEmulator, startAwsEmulator } from '../support/aws-emulator.js';
import { awsTestEnv } from '../support/aws-env.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

// Made-up credentials.
const RESPONDER = {
  accessKeyId: 'AKIAP4Q5R6S7T2U3V4W5',
  secretAccessKey: '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',
  account: '527364819203',
};
const TEMP = {
  accessKeyId: 'ASIAX6Y7Z2A3B4C5D6E7',
  secretAccessKey: 'Tz5Wq2Lm8Xv3Kp7Rn4Hb9Yc1Fd6Gs0Ja+Ue/Mi2Q',
  sessionToken: `FwoGZXIvYXdzEJr${'Qm7vT2kLp9Xw4Rz8Nc3Hb6Yd1Fs5Gj0U'.repeat(4)}+Ve/Ki2=`,
  account: RESPONDER.account,
};
const UNREACHABLE = { accessKeyId: 'AKIAF7G2H3J4K5L6M7N2', secretAccessKey: 'unused', account: '999000111222' };
const ROLE = `arn:aws:iam::${UNREACHABLE.account}:role/credsweep-responder`;
const UNREACHABLE_SECRET = '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';

let emulator: AwsEmulator;
let repo: GitFixture;

beforeAll(async () => {
  emulator = await startAwsEmulator([RESPONDER, TEMP, UNREACHABLE]);
  repo = await makeRepo();
  await repo.commit(
    {
      'ci/session.env': `AWS_ACCESS_KEY_ID=${TEMP.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${TEMP.secretAccessKey}\nAWS_SESSION_TOKEN=${TEMP.sessionToken}\n`,
      'ops/.env': `AWS_ACCESS_KEY_ID=${UNREACHABLE.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${UNREACHABLE_SECRET}\n`,
    },
    'leak',
  );
});

afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
  rmSync(repo.dir, { recursive: true, force: true });
});

const env = () => awsTestEnv(emulator.url, RESPONDER);

describe('keys output and verification', () => {
  it('redacts secrets and session tokens in -f json unless --show-secrets', async () => {
    const run = await runCli(['keys', repo.dir, '-f', 'json'], { env: env() });
    expect(run.stdout).not.toContain(TEMP.secretAccessKey);
    expect(run.stdout).not.toContain(TEMP.sessionToken.slice(8, 40));
    expect(run.stdout).not.toContain(UNREACHABLE_SECRET);
    const pair = (JSON.parse(run.stdout) as Finding[]).find((f) => f.identifier === TEMP.accessKeyId);
    expect(pair?.secret).toMatch(/…/);
    const whole = await runCli(['keys', repo.dir, '-f', 'json', '--show-secrets'], { env: env() });
    expect(whole.stdout).toContain(TEMP.sessionToken);
  });

  it('signs --verify with the leaked session token, so a live temporary key is reported live', async () => {
    const before = emulator.requests.length;
    const run = await runCli(['keys', repo.dir, '--verify'], { env: env() });
    expect(run.stdout).toMatch(new RegExp(`${TEMP.accessKeyId}.*LIVE: the leaked pair signs as`));
    const calls = emulator.requests.slice(before).filter((r) => r.accessKeyId === TEMP.accessKeyId);
    expect(calls.map((r) => [r.operation, r.verified])).toEqual([['GetCallerIdentity', true]]);
    expect(calls[0]?.userAgent).toContain('credsweep-verify');
  });

  it('calls an account named with --role-arn ours when its role cannot be assumed, and says why', async () => {
    const run = await runCli(['keys', repo.dir, '--role-arn', ROLE], { env: env() });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(new RegExp(`${UNREACHABLE.accessKeyId}\\s+${UNREACHABLE.account} \\(ours\\)`));
    expect(run.stdout).toMatch(
      new RegExp(`INCOMPLETE: account ${UNREACHABLE.account} is ours, but role ${ROLE} could not be assumed \\(.*AccessDenied`),
    );
    const plan = await runCli(['revoke', repo.dir, '--role-arn', ROLE], { env: env() });
    expect(plan.code).toBe(3);
    expect(plan.stdout).not.toMatch(/tell its owner/);
    expect(plan.stdout).toMatch(new RegExp(`${UNREACHABLE.accessKeyId}.*\\n.*could not be assumed`));
  });
});
