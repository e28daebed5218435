// The whole chain on one realistic incident, as a responder runs it, against the signature-checking
// emulator: code bundles in S3 (a zip, a tar.gz, a git bundle) leak three IAM users' keys (one user
// with both keys leaked, one at the two-key limit with a leaked key and a production key), a
// temporary key with its session token, a third party's key and a key of an organisation account
// no role reaches. scan finds and pairs them, keys maps and verifies them, revoke contains them
// (Containment), then rotates (Recovery), then goes quiet.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAccount } from '../../src/aws/key-id.js';
import type { Finding } from '../../src/types.js';
import { makeTgz, makeZip } from '../support/archives.js';
import { type AwsEmulator, startAwsEmulator } from '../support/aws-emulator.js';
import { awsTestEnv } from '../support/aws-env.js';
import { fixtureEnv, type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

// Made-up credentials and keys.
const ACCOUNT = '610293847561';
const MEMBER = '733918204655';
const RESPONDER = { accessKeyId: 'AKIAN2P3Q4R5S6T7U2V3', secretAccessKey: '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', account: ACCOUNT };
const pair = (id: string, secret: string) => ({ id, secret });
const BOTH_1 = pair('AKIAB3C4D5E6F7G2H3J4', 'Lq2Wm7Xz4Vk9Rp3Tn8Hc5Yb1Fd6Gs0Ja+Ue/Mi2A');
const BOTH_2 = pair('AKIAK4L5M6N7P2Q3R4S5', 'Zt6Yq3Lm8Xv2Kp7Rn4Hb9Wc1Fd5Gs0Ja+Ue/Mi3B');
const AT_LIMIT = pair('AKIAT5U6V7W2X3Y4Z5A6', 'Mb8Nq2Wz7Xv4Lp3Rt9Hk5Yc1Fd6Gs0Ja+Ue/Xi4C');
const PRODUCTION = 'AKIAC6D7E2F3G4H5J6K7';
const SINGLE = pair('AKIAL7M2N3P4Q5R6S7T2', 'Qh5Rw9Lm2Xz8Kv4Tp7Nb3Yc6Fd1Gs0Ja+Ue/Mi5D');
const TEMP = {
  accessKeyId: 'ASIAU2V3W4X5Y6Z7A2B3',
  secretAccessKey: 'Xk4Tn8Lq2Wm7Zv3Rp9Hb5Yc1Fd6Gs0Ja+Ue/Mi6E',
  sessionToken: `IQoJb3JpZ2luX2VjEJr${'Rv8Kq3Zm7Lx2Wp5Tn9Hc4Yb6Fd1Gs0Ja'.repeat(4)}+Ue/Xi7F=`,
  account: ACCOUNT,
};
const THIRD = pair('AKIAD2E3F4G5H6J7K2L3', 'Vn3Kq8Lz2Xm7Wt4Rp9Hb5Yc1Fd6Gs0Ja+Ue/Mi7G');
const ORG = pair('AKIAM3N4P5Q6R7S2T3U4', 'Rc7Lq2Wm8Xz3Kv4Tp9Nb5Yd1Fh6Gs0Ja+Ue/Mi8H');

let emulator: AwsEmulator;
let work: string;
let repo: GitFixture;
let findings: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'credsweep-incident-'));
  repo = await makeRepo();
  await repo.commit({ 'config/app.env': `AWS_ACCESS_KEY_ID=${SINGLE.id}\nAWS_SECRET_ACCESS_KEY=${SINGLE.secret}\n` }, 'config');
  const bundle = join(work, 'repo.bundle');
  await promisify(execFile)('git', ['bundle', 'create', bundle, '--all'], { cwd: repo.dir, env: fixtureEnv(repo.root) });
  const credentials = `[default]\naws_access_key_id = ${BOTH_1.id}\naws_secret_access_key = ${BOTH_1.secret}\n\n[old]\naws_access_key_id = ${BOTH_2.id}\naws_secret_access_key = ${BOTH_2.secret}\n`;
  const session = `AWS_ACCESS_KEY_ID=${TEMP.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${TEMP.secretAccessKey}\nAWS_SESSION_TOKEN=${TEMP.sessionToken}\n`;
  emulator = await startAwsEmulator([RESPONDER, TEMP, { accessKeyId: ORG.id, secretAccessKey: ORG.secret, account: MEMBER }]);
  emulator.organization = { management: ACCOUNT, accounts: [ACCOUNT, MEMBER] };
  emulator.buckets.push({
    name: 'ci-artifacts',
    account: ACCOUNT,
    objects: new Map<string, Buffer>([
      ['builds/app.zip', await makeZip({ 'home/.aws/credentials': credentials, 'ci/session.env': session })],
      [
        'builds/deploy.tar.gz',
        await makeTgz({
          'deploy/.env': `AWS_ACCESS_KEY_ID=${AT_LIMIT.id}\nAWS_SECRET_ACCESS_KEY=${AT_LIMIT.secret}\n`,
          'vendor/partner.yaml': `access_key_id: ${THIRD.id}\nsecret_access_key: ${THIRD.secret}\n`,
          'ops/org.env': `AWS_ACCESS_KEY_ID=${ORG.id}\nAWS_SECRET_ACCESS_KEY=${ORG.secret}\n`,
        }),
      ],
      ['backups/repo.bundle', readFileSync(bundle)],
    ]),
  });
  const key = (id: string) => ({ id, status: 'Active' as const, created: '2025-01-01T00:00:00Z' });
  emulator.users.push(
    { account: ACCOUNT, name: 'both-leaked', keys: [key(BOTH_1.id), key(BOTH_2.id)] },
    { account: ACCOUNT, name: 'at-limit', keys: [key(AT_LIMIT.id), key(PRODUCTION)] },
    { account: ACCOUNT, name: 'single', keys: [key(SINGLE.id)] },
  );
  emulator.trail.push({
    accessKeyId: TEMP.accessKeyId,
    account: ACCOUNT,
    issuer: { type: 'Role', userName: 'deploy-runner', arn: `arn:aws:iam::${ACCOUNT}:role/deploy-runner` },
  });
  findings = join(work, 'findings.json');
  const scan = await runCli(['scan', 's3://ci-artifacts', '-f', 'json', '--show-secrets', '-o', findings, '-q'], { env: env() });
  expect(scan.code, scan.stderr).toBe(1);
});

afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
  rmSync(work, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  return awsTestEnv(emulator.url, RESPONDER, { XDG_STATE_HOME: join(work, 'state') });
}

const line = (out: string, id: string) => out.split('\n').findIndex((l) => l.includes(id));
const stepOf = (out: string, id: string) => {
  const lines = out.split('\n');
  const at = line(out, id);
  return lines.slice(at, at + 3).join('\n');
};

describe('one incident, end to end', () => {
  it('scan pairs every key with its secret, at high confidence, the session token with its temporary key', () => {
    const all = JSON.parse(readFileSync(findings, 'utf8')) as Finding[];
    const pairs = all.filter((f) => f.rule === 'aws.secret-access-key');
    const byId = new Map(pairs.map((f) => [f.identifier, f]));
    for (const p of [BOTH_1, BOTH_2, AT_LIMIT, SINGLE, THIRD, ORG])
      expect(byId.get(p.id), p.id).toMatchObject({ secret: p.secret, pairConfidence: 'high' });
    expect(byId.get(TEMP.accessKeyId)).toMatchObject({
      secret: TEMP.secretAccessKey,
      sessionToken: TEMP.sessionToken,
      pairConfidence: 'high',
    });
    expect(all.filter((f) => f.rule === 'aws.access-key-id' || f.rule === 'aws.session-token')).toEqual([]);
  });

  it('keys maps each key, verifies the temporary one with its token, and names what it cannot reach', async () => {
    const run = await runCli(['keys', findings, '--verify'], { env: env() });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(new RegExp(`${TEMP.accessKeyId}.*LIVE: the leaked pair signs as`));
    expect(run.stdout).toMatch(new RegExp(`${THIRD.id}\\s+${decodeAccount(THIRD.id)} \\(third-party\\)`));
    expect(run.stdout).toMatch(new RegExp(`${ORG.id}\\s+${MEMBER} \\(ours\\)`));
    expect(run.stdout).toMatch(new RegExp(`INCOMPLETE: account ${MEMBER} is in the organisation, but no --role-arn reaches its IAM`));
    expect(run.stdout).toMatch(new RegExp(`${AT_LIMIT.id}.*user at-limit, Active`));
  });

  it('the incident report recommends an action for every key, in the order that works', async () => {
    const run = await runCli(['report', findings], { env: env() });
    expect(run.stdout).toMatch(/Deactivate the exposed AWS keys still active \([^)]*AKIAB3C4D5E6F7G2H3J4/);
    expect(run.stdout).toMatch(
      /IAM user\(s\) (?:both-leaked, at-limit|at-limit, both-leaked) already hold two keys, the most IAM allows: add `--delete`/,
    );
    expect(run.stdout).toMatch(
      new RegExp(`Tell the owner of AWS account ${decodeAccount(THIRD.id)} that its key ${THIRD.id} is exposed with its secret`),
    );
    expect(run.stdout).toMatch(new RegExp(`Find the status of key ${ORG.id} in account ${MEMBER}`));
    expect(run.stdout).not.toContain(SINGLE.secret);
  });

  it('revoke contains every leaked key first, then rotates once per user, then has nothing left', async () => {
    const sink = 'secretsmanager://incident-7';
    const rotate = ['revoke', findings, '--rotate', '--secret-sink', sink, '--apply'];
    const first = await runCli(rotate, { env: env() });
    expect(first.code).toBe(3);
    const keys = (name: string) => emulator.users.find((u) => u.name === name)?.keys.map((k) => [k.id, k.status]);
    // Containment: every leaked key of ours is inactive, whatever happened to replacements.
    expect(keys('both-leaked')).toEqual([
      [BOTH_1.id, 'Inactive'],
      [BOTH_2.id, 'Inactive'],
    ]);
    expect(keys('at-limit')).toEqual([
      [AT_LIMIT.id, 'Inactive'],
      [PRODUCTION, 'Active'],
    ]);
    expect(keys('single')?.map(([, s]) => s)).toEqual(['Inactive', 'Active']);
    expect(stepOf(first.stdout, AT_LIMIT.id)).toMatch(/CANNOT: IAM user at-limit already has two access keys .*--delete/);
    expect(stepOf(first.stdout, BOTH_1.id)).toMatch(/CANNOT: IAM user both-leaked already has two access keys .*--delete/);
    expect(stepOf(first.stdout, TEMP.accessKeyId)).toMatch(/DONE: DENY OLDER SESSIONS/);
    expect(stepOf(first.stdout, THIRD.id)).toMatch(new RegExp(`third party's account \\(${decodeAccount(THIRD.id)}\\): tell its owner`));
    expect(stepOf(first.stdout, ORG.id)).toMatch(new RegExp(`account ${MEMBER} is in the organisation, but no --role-arn reaches its IAM`));

    // Recovery with --delete: the slots are freed, one replacement per user, stored as its secret.
    const second = await runCli([...rotate, '--delete'], { env: env() });
    expect(second.code).toBe(3);
    expect(keys('both-leaked')).toHaveLength(1);
    expect(keys('at-limit')?.map(([id]) => id)).toContain(PRODUCTION);
    expect(keys('at-limit')).toHaveLength(2);
    expect(keys('single')).toHaveLength(1);
    for (const user of ['both-leaked', 'at-limit', 'single']) {
      const stored = emulator.secrets.get(`incident-7/${ACCOUNT}/${user}`);
      const current = JSON.parse(stored?.values.at(-1) ?? '{}') as { accessKeyId: string };
      expect(stored?.values, user).toHaveLength(1);
      expect(keys(user)?.map(([id]) => id)).toContain(current.accessKeyId);
    }

    // A third run: every leaked key of ours is deleted, nothing changes; only the unreachable
    // organisation account keeps the run incomplete.
    const changes = emulator.changes.length;
    const third = await runCli([...rotate, '--delete'], { env: env() });
    expect(emulator.changes).toHaveLength(changes);
    expect(third.stdout).toMatch(/Nothing to change\./);
    for (const p of [BOTH_1, BOTH_2, AT_LIMIT, SINGLE])
      expect(stepOf(third.stdout, p.id)).toMatch(/deleted by credsweep at .* \(audit log; IAM: NoSuchEntity\)/);
    const audit = readFileSync(join(work, 'state', 'credsweep', 'audit.jsonl'), 'utf8');
    expect(audit).not.toContain('"keyId":"(new)"');
  });
});
