// `credsweep keys` and `credsweep revoke` end to end: the built CLI reads a scan's JSON report and
// talks to STS and IAM (real SDK clients, SigV4 checked by the emulator) with the responder's own
// credentials, in the caller's account and in another reached through a role.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAccount } from '../../src/aws/key-id.js';
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
const OTHER = '222222222222';
const OURS = 'AKIAZ7Q3LM5XKP2WRT6B';
const OURS_OTHER_ACCOUNT = 'AKIAW4N6PQ2RS7TV3XY5';
const THIRD_PARTY = 'AKIAT2R5NP7QW3LX6MZ4';
const CANARY = 'AKIAM6K3QZ2WP7RT5LX4';
const TEMPORARY = 'ASIAQ5W7E2R3T4Y6U7KP';
const SECRET = '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';

let emulator: AwsEmulator;
let repo: GitFixture;
let dir: string;
let report: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credsweep-keys-'));
  emulator = await startAwsEmulator([
    RESPONDER,
    { accessKeyId: TEMPORARY, secretAccessKey: 'x', sessionToken: 't', account: RESPONDER.account },
    // The leaked pair is live: AWS (here the emulator) accepts calls signed with it.
    { accessKeyId: OURS, secretAccessKey: SECRET, account: RESPONDER.account },
  ]);
  emulator.roles.push({ arn: `arn:aws:iam::${OTHER}:role/credsweep-responder`, account: OTHER });
  emulator.users.push(
    {
      account: RESPONDER.account,
      name: 'ci-deploy',
      tags: { owner: 'alice', team: 'payments' },
      keys: [
        {
          id: OURS,
          status: 'Active',
          created: '2024-02-01T10:00:00Z',
          lastUsed: { date: '2026-11-20T08:00:00Z', service: 's3', region: 'eu-west-1' },
        },
      ],
    },
    { account: OTHER, name: 'legacy-bot', keys: [{ id: OURS_OTHER_ACCOUNT, status: 'Active', created: '2019-05-05T00:00:00Z' }] },
  );
  repo = await makeRepo();
  await repo.commit(
    {
      'deploy/.env': `AWS_ACCESS_KEY_ID=${OURS}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      'legacy/bot.py': `KEY = "${OURS_OTHER_ACCOUNT}"\n`,
      'vendor/sample.txt': `partner key ${THIRD_PARTY}\n`,
      'docs/canary.md': `do not use: ${CANARY}\n`,
      'ci/session.sh': `export AWS_ACCESS_KEY_ID=${TEMPORARY}\n`,
    },
    'leak',
  );
  report = join(dir, 'findings.json');
  const scan = await runCli(['scan', repo.dir, '-f', 'json', '-o', report, '-q']);
  expect(scan.code, scan.stderr).toBe(1);
});

afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => awsTestEnv(emulator.url, RESPONDER);

const common = () => ['--role-arn', `arn:aws:iam::${OTHER}:role/credsweep-responder`, '--canary-account', decodeAccount(CANARY) as string];

describe('credsweep keys', () => {
  it('maps every key id to its account, and ours to the IAM user, status, last use and tags', async () => {
    const run = await runCli(['keys', report, ...common(), '-f', 'json'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const byKey = new Map((JSON.parse(run.stdout) as Finding[]).filter((f) => f.aws).map((f) => [f.aws?.accessKeyId, f.aws]));
    expect(byKey.get(OURS)).toMatchObject({
      account: RESPONDER.account,
      accountSource: 'sts',
      relation: 'ours',
      user: 'ci-deploy',
      status: 'Active',
      created: '2024-02-01T10:00:00.000Z',
      lastUsed: '2026-11-20T08:00:00.000Z',
      lastUsedService: 's3',
      lastUsedRegion: 'eu-west-1',
      tags: { owner: 'alice', team: 'payments' },
    });
    expect(byKey.get(OURS_OTHER_ACCOUNT)).toMatchObject({ account: OTHER, relation: 'ours', user: 'legacy-bot', status: 'Active' });
    expect(byKey.get(THIRD_PARTY)).toMatchObject({ account: decodeAccount(THIRD_PARTY), relation: 'third-party', user: null });
    expect(byKey.get(CANARY)).toMatchObject({ relation: 'canary', user: null });
    expect(byKey.get(TEMPORARY)).toMatchObject({ account: RESPONDER.account, relation: 'ours', user: null });
    expect(emulator.requests.filter((r) => r.service === 'iam' || r.service === 'sts').every((r) => r.verified)).toBe(true);
  });

  it("counts the organisation's accounts as ours, and says when no role reaches one", async () => {
    const member = decodeAccount(THIRD_PARTY) as string;
    emulator.organization = { management: RESPONDER.account, accounts: [RESPONDER.account, OTHER, member] };
    try {
      const run = await runCli(['keys', report, ...common()], { env: env() });
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(new RegExp(`${THIRD_PARTY}\\s+${member} \\(ours\\)`));
      expect(run.stdout).toMatch(new RegExp(`INCOMPLETE: account ${member} is in the organisation, but no --role-arn reaches its IAM`));
    } finally {
      emulator.organization = null;
    }
    const outside = await runCli(['keys', report, ...common()], { env: env() });
    expect(outside.stdout).toMatch(/note: the organisation's accounts are not known \(AWSOrganizationsNotInUseException/);
  });

  it('prints a table for people, and says when the account was only decoded from the id', async () => {
    const run = await runCli(['keys', report, ...common()], { env: { ...env(), AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' } });
    expect(run.code).toBe(3);
    // With STS unreachable, the caller's account is unknown too: no key can be called a third
    // party's, and the table says what is missing.
    expect(run.stdout).toMatch(new RegExp(`${OURS}\\s+${decodeAccount(OURS)} \\(unknown, decoded from the id\\)`));
    expect(run.stdout).not.toMatch(/third-party/);
    expect(run.stdout).toMatch(/INCOMPLETE: whose keys these are cannot be told .*--profile.*aws sso login.*--role-arn/);
    const plan = await runCli(['revoke', report, ...common()], { env: { ...env(), AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' } });
    expect(plan.code).toBe(3);
    expect(plan.stdout).not.toMatch(/tell its owner/);
    expect(plan.stdout).toMatch(/CANNOT: our own accounts are unknown: give credentials \(--profile, the environment, or aws sso login\)/);
    expect(run.stdout).toMatch(/INCOMPLETE: sts:GetAccessKeyInfo failed/);
  });
});

describe('credsweep scan --aws-owner', () => {
  it('attaches the owner of each key id to the findings of the scan itself', async () => {
    const run = await runCli(['scan', repo.dir, '--aws-owner', ...common(), '-f', 'json', '--no-progress'], { env: env() });
    expect(run.code, run.stderr).toBe(1);
    const paired = (JSON.parse(run.stdout) as Finding[]).find((f) => f.identifier === OURS);
    expect(paired?.aws).toMatchObject({
      accessKeyId: OURS,
      account: RESPONDER.account,
      relation: 'ours',
      user: 'ci-deploy',
      tags: { owner: 'alice', team: 'payments' },
    });
    const text = await runCli(['scan', repo.dir, '--aws-owner', ...common(), '--no-progress', '--no-color'], { env: env() });
    expect(text.stdout).toMatch(new RegExp(`AWS account ${RESPONDER.account} \\(ours\\), IAM user ci-deploy, (?:Active|Inactive)`));
  });
});

describe('credsweep keys --verify', () => {
  it('signs sts:GetCallerIdentity with a leaked pair, tells live from rejected, and marks the calls', async () => {
    const run = await runCli(['keys', repo.dir, '--verify', '-f', 'json'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const paired = (JSON.parse(run.stdout) as Finding[]).find((f) => f.identifier === OURS);
    expect(paired?.aws?.verified).toBe('valid');
    const signedWithLeak = emulator.requests.filter((r) => r.accessKeyId === OURS);
    expect(signedWithLeak.map((r) => r.operation)).toEqual(['GetCallerIdentity']);
    expect(signedWithLeak[0]?.userAgent).toContain('credsweep-verify');

    // A report with the secret redacted cannot be verified: unknown, and why.
    const redacted = await runCli(['keys', report, '--verify'], { env: env() });
    expect(redacted.stdout).toMatch(new RegExp(`${OURS}.*live\\? unknown \\(the secret is redacted`));

    // Once the key is rejected (deactivated, or never valid), the answer is invalid, not unknown.
    const live = emulator.keys.find((k) => k.accessKeyId === OURS);
    if (live) live.secretAccessKey = 'rotated-away';
    const rejected = await runCli(['keys', repo.dir, '--verify'], { env: env() });
    expect(rejected.stdout).toMatch(new RegExp(`${OURS}.*pair rejected by AWS \\(SignatureDoesNotMatch\\)`));
    if (live) live.secretAccessKey = SECRET;
  });
});

describe('credsweep revoke', () => {
  it('plans without changing anything, then deactivates our active keys with --apply, logging each call', async () => {
    const plan = await runCli(['revoke', report, ...common()], { env: env() });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/nothing changes without --apply/);
    expect(plan.stdout).toMatch(new RegExp(`${OURS}\\s+${RESPONDER.account} / ci-deploy\\s+WILL DEACTIVATE`));
    expect(plan.stdout).toMatch(/canary token: left alone/);
    // An id alone is an identifier exposure: named, not shut off, unless asked for with --key.
    expect(plan.stdout).toMatch(new RegExp(`${OURS_OTHER_ACCOUNT}\\s+${OTHER} / legacy-bot\\s+no change\\n\\s+only its id was exposed`));
    expect(plan.stdout).toMatch(
      new RegExp(`${THIRD_PARTY}.*no change\\n\\s+in a third party's account \\(${decodeAccount(THIRD_PARTY)}\\): tell its owner`),
    );
    const named = await runCli(['revoke', report, '--key', TEMPORARY, ...common()], { env: env() });
    expect(named.stdout).toMatch(/aws:TokenIssueTime/);
    expect(emulator.changes).toEqual([]);

    const audit = join(dir, 'audit.jsonl');
    emulator.iamDenied.add(OTHER);
    const applied = await runCli(['revoke', report, '--key', OURS_OTHER_ACCOUNT, ...common(), '--apply', '--audit-log', audit], {
      env: env(),
    });
    // The other account denies IAM: a partial result, reported per key.
    expect(applied.code).toBe(3);
    expect(applied.stdout).toMatch(new RegExp(`${OURS}\\s+${RESPONDER.account} / ci-deploy\\s+DONE: DEACTIVATE`));
    expect(emulator.users[0]?.keys[0]?.status).toBe('Inactive');
    expect(emulator.users[1]?.keys[0]?.status).toBe('Active');
    const entries = readFileSync(audit, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { keyId: string; requestId: string; result: string });
    expect(entries.map((e) => [e.keyId, e.result, e.requestId])).toEqual(emulator.changes.map((c) => [c.keyId, 'ok', c.requestId]));
    expect(statSync(audit).mode & 0o777).toBe(0o600);

    // Again, with the other account's IAM readable: its key is deactivated, ours is left alone.
    emulator.iamDenied.delete(OTHER);
    const again = await runCli(['revoke', report, '--key', OURS_OTHER_ACCOUNT, ...common(), '--apply', '--audit-log', audit], {
      env: env(),
    });
    expect(again.code, again.stderr).toBe(0);
    expect(emulator.changes.map((c) => c.keyId)).toEqual([OURS, OURS_OTHER_ACCOUNT]);
    expect(again.stdout).toMatch(new RegExp(`${OURS}\\s+${RESPONDER.account} / ci-deploy\\s+no change\\s+already inactive`));

    // A third run changes nothing and says so.
    const third = await runCli(['revoke', report, '--key', OURS_OTHER_ACCOUNT, ...common(), '--apply', '--audit-log', audit], {
      env: env(),
    });
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/Nothing to change\./);
    expect(emulator.changes).toHaveLength(2);
  });

  it('can put a replacement secret in Secrets Manager, one secret per account and user', async () => {
    const KEY = 'AKIAJ4K5L6M7N2P3Q4R5';
    emulator.users.push({
      account: RESPONDER.account,
      name: 'ops-bot',
      keys: [{ id: KEY, status: 'Active', created: '2025-06-01T00:00:00Z' }],
    });
    const only = join(dir, 'ops-bot.json');
    writeFileSync(
      only,
      JSON.stringify([{ id: 'f-ops', rule: 'aws.access-key-id', kind: 'secret', secret: KEY, occurrences: [], target: 'x' }]),
    );
    const auditSm = join(dir, 'audit-sm.jsonl');
    const run = await runCli(
      ['revoke', only, '--key', KEY, '--rotate', '--secret-sink', 'secretsmanager://incident-42', '--apply', '--audit-log', auditSm],
      { env: env() },
    );
    expect(run.code, run.stderr).toBe(0);
    const kept = emulator.secrets.get(`incident-42/${RESPONDER.account}/ops-bot`);
    expect(kept?.values).toHaveLength(1);
    const value = JSON.parse(kept?.values[0] ?? '{}') as { accessKeyId: string; secretAccessKey: string; replaces: string[] };
    const bot = emulator.users.find((u) => u.name === 'ops-bot');
    expect(value).toMatchObject({ replaces: [KEY], accessKeyId: bot?.keys[1]?.id });
    // The audit log names the new key and the secret's version, never its value.
    const log = readFileSync(auditSm, 'utf8');
    expect(log).not.toContain(value.secretAccessKey);
    const entries = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; keyId: string; secret?: { name: string; versionId: string } });
    expect(entries.map((e) => [e.action, e.keyId])).toEqual([
      ['iam:CreateAccessKey', value.accessKeyId],
      ['secretsmanager:PutSecretValue', value.accessKeyId],
      ['iam:UpdateAccessKey', KEY],
    ]);
    expect(entries[1]?.secret).toEqual({ name: `incident-42/${RESPONDER.account}/ops-bot`, versionId: 'v1' });
    expect(bot?.keys.map((k) => k.status)).toEqual(['Inactive', 'Active']);
    expect(run.stdout).toMatch(/secret stored in secretsmanager:\/\/incident-42\/310442960871\/ops-bot/);
    expect(run.stdout).not.toContain(value.secretAccessKey);
  });

  it('undoes the deactivations the audit log records with --reactivate', async () => {
    const audit = join(dir, 'audit.jsonl');
    const plan = await runCli(['revoke', '--reactivate', '--audit-log', audit, ...common()], { env: env() });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(new RegExp(`${OURS}\\s+${RESPONDER.account} / ci-deploy\\s+WILL REACTIVATE`));
    expect(emulator.users.slice(0, 2).map((u) => u.keys[0]?.status)).toEqual(['Inactive', 'Inactive']);
    const run = await runCli(['revoke', '--reactivate', '--apply', '--audit-log', audit, ...common()], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${OURS}\\s+${RESPONDER.account} / ci-deploy\\s+REACTIVATED`));
    expect(emulator.users.slice(0, 2).map((u) => u.keys[0]?.status)).toEqual(['Active', 'Active']);
    const again = await runCli(['revoke', '--reactivate', '--apply', '--audit-log', audit, ...common()], { env: env() });
    expect(again.stdout).toMatch(/Nothing to reactivate/);
    // Only a log this tool wrote is read: one with nothing in it is an error, not "nothing to do".
    const none = await runCli(['revoke', '--reactivate', '--audit-log', join(dir, 'missing.jsonl')], { env: env() });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/records nothing/);
  });

  it('rotates: one replacement per user, its secret only in the sink; at the two-key limit the leak is still contained and the run is incomplete', async () => {
    const audit = join(dir, 'audit-rotate.jsonl');
    const sink = join(dir, 'new-keys.jsonl');
    const bot = emulator.users[1] as (typeof emulator.users)[number];
    const PRODUCTION = 'AKIAQ2W3E4R5T6Y7U2IO';
    bot.keys.push({ id: PRODUCTION, status: 'Active', created: '2025-01-01T00:00:00Z' });
    const without = await runCli(['revoke', report, ...common(), '--rotate', '--apply'], { env: env() });
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/--rotate needs --secret-sink/);

    const args = [
      'revoke',
      report,
      '--key',
      OURS_OTHER_ACCOUNT,
      ...common(),
      '--rotate',
      '--secret-sink',
      sink,
      '--apply',
      '--audit-log',
      audit,
    ];
    const run = await runCli(args, { env: env() });
    // legacy-bot has no room for a replacement: its leaked key is deactivated all the same, and
    // the run says what is missing and exits 3, never 0.
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toMatch(new RegExp(`${OURS}\\s+${RESPONDER.account} / ci-deploy\\s+DONE: CREATE A REPLACEMENT, then DEACTIVATE`));
    expect(run.stdout).toMatch(
      /legacy-bot\s+DONE: DEACTIVATE\n.*\n\s+CANNOT: IAM user legacy-bot already has two access keys .*rerun with --delete to delete the leaked key and free its slot \(or delete the user's other key AKIAQ2W3E4R5T6Y7U2IO\)/,
    );
    expect(bot.keys.map((k) => [k.id, k.status])).toEqual([
      [OURS_OTHER_ACCOUNT, 'Inactive'],
      [PRODUCTION, 'Active'],
    ]);
    const stored = readFileSync(sink, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { accessKeyId: string; secretAccessKey: string; replaces: string[] });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.replaces).toEqual([OURS]);
    expect(run.stdout).not.toContain(stored[0]?.secretAccessKey);
    expect(statSync(sink).mode & 0o777).toBe(0o600);
    const deploy = emulator.users[0] as (typeof emulator.users)[number];
    expect(deploy.keys.map((k) => [k.id, k.status])).toEqual([
      [OURS, 'Inactive'],
      [stored[0]?.accessKeyId, 'Active'],
    ]);

    // With --delete the slot is freed: legacy-bot gets its replacement; ci-deploy's was made by
    // the run before (the audit log says so), so it gets no second one.
    const withDelete = await runCli([...args, '--delete'], { env: env() });
    expect(withDelete.code, withDelete.stderr).toBe(0);
    expect(withDelete.stdout).toMatch(/legacy-bot\s+DONE: DELETE, then CREATE A REPLACEMENT/);
    expect(withDelete.stdout).toMatch(/ci-deploy\s+DONE: DELETE\n.*its replacement AKIA\w+ was made by an earlier run/);
    expect(deploy.keys.map((k) => k.id)).toEqual([stored[0]?.accessKeyId]);
    expect(bot.keys.map((k) => k.id)).not.toContain(OURS_OTHER_ACCOUNT);
    expect(bot.keys).toHaveLength(2);
    const entries = readFileSync(audit, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; keyId: string });
    // Keys are handled in id order: legacy-bot's (AKIAW...) before ci-deploy's (AKIAZ...).
    expect(entries.map((e) => e.action)).toEqual([
      'iam:UpdateAccessKey',
      'iam:CreateAccessKey',
      'file:append',
      'iam:UpdateAccessKey',
      'iam:DeleteAccessKey',
      'iam:CreateAccessKey',
      'file:append',
      'iam:DeleteAccessKey',
    ]);
    expect(entries.every((e) => /^AKIA[A-Z0-9]{16}$/.test(e.keyId))).toBe(true);

    // After --delete, a rerun finds the keys deleted (IAM: NoSuchEntity; the audit log says by
    // whom) and can go green.
    const rerun = await runCli([...args, '--delete'], { env: env() });
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
    expect(rerun.stdout).toMatch(
      new RegExp(
        `${OURS}\\s+${RESPONDER.account} / ci-deploy\\s+no change\\n\\s+deleted by credsweep at .* \\(audit log; IAM: NoSuchEntity\\)`,
      ),
    );
    expect(rerun.stdout).toMatch(/Nothing to change\./);
  });

  it('ends the sessions of a leaked temporary key by denying its role every older session, once', async () => {
    emulator.trail.push({
      accessKeyId: TEMPORARY,
      account: RESPONDER.account,
      issuer: { type: 'Role', userName: 'deploy-runner', arn: `arn:aws:iam::${RESPONDER.account}:role/deploy-runner` },
    });
    const only = join(dir, 'temporary.json');
    writeFileSync(
      only,
      JSON.stringify([{ id: 'f-tmp', rule: 'aws.access-key-id', kind: 'secret', secret: TEMPORARY, occurrences: [], target: 'x' }]),
    );
    const audit = join(dir, 'audit-sessions.jsonl');
    const plan = await runCli(['revoke', only, '--key', TEMPORARY], { env: env() });
    expect(plan.stdout).toMatch(
      /WILL DENY OLDER SESSIONS\n\s+a temporary key cannot be deactivated: deny role deploy-runner every session issued before now/,
    );
    const run = await runCli(['revoke', only, '--key', TEMPORARY, '--apply', '--audit-log', audit], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(emulator.policies.get(`${RESPONDER.account}/role/deploy-runner/credsweep-revoke-older-sessions`) ?? '{}') as {
      Statement: Array<{ Effect: string; Action: string; Condition: { DateLessThan: Record<string, string> } }>;
    };
    expect(doc.Statement[0]).toMatchObject({ Effect: 'Deny', Action: '*' });
    expect(Date.parse(doc.Statement[0]?.Condition.DateLessThan['aws:TokenIssueTime'] ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(readFileSync(audit, 'utf8')).toMatch(/"action":"iam:PutRolePolicy","keyId":"ASIA/);
    const again = await runCli(['revoke', only, '--key', TEMPORARY, '--apply', '--audit-log', audit], { env: env() });
    expect(again.stdout).toMatch(/role deploy-runner already denies sessions issued before .*: nothing to change/);
    expect(readFileSync(audit, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('re-puts a deny policy left by an earlier incident when it does not cover this session', async () => {
    const where = `${RESPONDER.account}/role/deploy-runner/credsweep-revoke-older-sessions`;
    emulator.policies.set(
      where,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } } },
        ],
      }),
    );
    const only = join(dir, 'temporary.json');
    const run = await runCli(['revoke', only, '--key', TEMPORARY, '--apply', '--audit-log', join(dir, 'audit-stale.jsonl')], {
      env: env(),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/DONE: DENY OLDER SESSIONS/);
    const doc = JSON.parse(emulator.policies.get(where) ?? '{}') as {
      Statement: Array<{ Condition: { DateLessThan: Record<string, string> } }>;
    };
    expect(Date.parse(doc.Statement[0]?.Condition.DateLessThan['aws:TokenIssueTime'] ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('checks the audit log and the secret sink before any change, and never leaves a leaked key active because its replacement failed', async () => {
    const KEY = 'AKIAK5L6M7N2P3Q4R5S6';
    emulator.users.push({
      account: RESPONDER.account,
      name: 'svc-x',
      keys: [{ id: KEY, status: 'Active', created: '2025-06-01T00:00:00Z' }],
    });
    const only = join(dir, 'svc-x.json');
    writeFileSync(
      only,
      JSON.stringify([
        { id: 'f-x', rule: 'aws.secret-access-key', kind: 'secret', secret: 'x', identifier: KEY, occurrences: [], target: 'x' },
      ]),
    );
    const svc = emulator.users.find((u) => u.name === 'svc-x');

    const noLog = await runCli(['revoke', only, '--apply', '--audit-log', join(dir, 'no-such-dir', 'audit.jsonl')], { env: env() });
    expect(noLog.code).toBe(2);
    expect(noLog.stderr).toMatch(/audit log .* cannot be written .*: nothing was changed/);
    expect(svc?.keys.map((k) => k.status)).toEqual(['Active']);

    const noSink = await runCli(
      [
        'revoke',
        only,
        '--rotate',
        '--secret-sink',
        join(dir, 'no-such-dir', 'sink.jsonl'),
        '--apply',
        '--audit-log',
        join(dir, 'audit-x.jsonl'),
      ],
      { env: env() },
    );
    expect(noSink.code).toBe(2);
    expect(noSink.stderr).toMatch(/--secret-sink .* cannot be written .*: nothing was changed/);
    expect(svc?.keys.map((k) => k.status)).toEqual(['Active']);

    // The store passes its check, then refuses the value: the replacement is deleted, the leak contained.
    emulator.secretsDenyWrites = true;
    try {
      const sinkFails = await runCli(
        ['revoke', only, '--rotate', '--secret-sink', 'secretsmanager://incident-x', '--apply', '--audit-log', join(dir, 'audit-x.jsonl')],
        { env: env() },
      );
      expect(sinkFails.code).toBe(3);
      expect(sinkFails.stdout).toMatch(
        /FAILED: .*the replacement's secret could not be stored .*the replacement was deleted, so IAM user svc-x has no new key: the leaked key stays inactive/,
      );
      expect(svc?.keys.map((k) => [k.id, k.status])).toEqual([[KEY, 'Inactive']]);
    } finally {
      emulator.secretsDenyWrites = false;
    }
  });

  it('never signs with a canary token in keys --verify', async () => {
    const only = join(dir, 'canary-pair.json');
    writeFileSync(
      only,
      JSON.stringify([
        { id: 'f-c', rule: 'aws.secret-access-key', kind: 'secret', secret: SECRET, identifier: CANARY, occurrences: [], target: 'x' },
      ]),
    );
    const before = emulator.requests.length;
    const run = await runCli(['keys', only, '--verify', ...common()], { env: env() });
    expect(run.stdout).toMatch(new RegExp(`${CANARY}.*live\\? unknown \\(a canary token: not used\\)`));
    expect(emulator.requests.slice(before).some((r) => r.accessKeyId === CANARY)).toBe(false);
  });
});
