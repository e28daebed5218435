// `credsweep revoke` as a responder runs it through an incident, against the signature-checking
// emulator: Containment then Recovery, a run cut off half way and run again, a user whose two
// keys both leaked, and the audit log's default place. Each run reads IAM's real state.
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../support/aws-emulator.js';
import { awsTestEnv } from '../support/aws-env.js';
import { runCli } from '../support/run-cli.js';

// Made-up credentials and key ids.
const RESPONDER = {
  accessKeyId: 'AKIAV3N7QX2LM5RT4ZP6',
  secretAccessKey: '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',
  account: '418273645509',
};

let emulator: AwsEmulator;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credsweep-chain-'));
  emulator = await startAwsEmulator([RESPONDER]);
});

afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv =>
  awsTestEnv(emulator.url, RESPONDER, { XDG_STATE_HOME: join(dir, 'state'), ...extra });

// A findings report holding the leaked secret of each key (paired, high confidence).
function report(name: string, keys: string[]): string {
  const file = join(dir, `${name}.json`);
  const findings = keys.map((k, i) => ({
    id: `f${i}`,
    rule: 'aws.secret-access-key',
    kind: 'secret',
    secret: 'redacted…',
    identifier: k,
    pairConfidence: 'high',
    occurrences: [],
    target: 'x',
  }));
  writeFileSync(file, JSON.stringify(findings));
  return file;
}

function user(name: string, ...ids: string[]) {
  const u = {
    account: RESPONDER.account,
    name,
    keys: ids.map((id) => ({ id, status: 'Active' as const, created: '2025-01-01T00:00:00Z' })),
  };
  emulator.users.push(u);
  return u;
}

const auditOf = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { action: string; keyId: string; result: string });

describe('revoke through an incident', () => {
  it('follows the report: Containment (revoke --apply), then Recovery (--rotate --apply) makes the replacement', async () => {
    const KEY = 'AKIAC4D5E6F7G2H3J4K5';
    const u = user('web-app', KEY);
    const findings = report('web-app', [KEY]);
    const audit = join(dir, 'audit-order.jsonl');
    const contain = await runCli(['revoke', findings, '--apply', '--audit-log', audit], { env: env() });
    expect(contain.code, contain.stderr).toBe(0);
    expect(u.keys.map((k) => k.status)).toEqual(['Inactive']);
    const sink = join(dir, 'order-sink.jsonl');
    const recover = await runCli(['revoke', findings, '--rotate', '--secret-sink', sink, '--apply', '--audit-log', audit], { env: env() });
    expect(recover.code, recover.stderr + recover.stdout).toBe(0);
    expect(recover.stdout).toMatch(/web-app\s+DONE: CREATE A REPLACEMENT/);
    expect(u.keys).toHaveLength(2);
    expect(u.keys[1]?.status).toBe('Active');
    // A third run has nothing left to do for this user.
    const again = await runCli(['revoke', findings, '--rotate', '--secret-sink', sink, '--apply', '--audit-log', audit], { env: env() });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Nothing to change\./);
    expect(u.keys).toHaveLength(2);
  });

  it('completes a run cut off after the replacement was made and before the deactivation', async () => {
    const KEY = 'AKIAM2N3P4Q5R6S7T2U3';
    const u = user('batch', KEY);
    const findings = report('batch', [KEY]);
    const audit = join(dir, 'audit-half.jsonl');
    const sink = join(dir, 'half-sink.jsonl');
    const args = ['revoke', findings, '--rotate', '--secret-sink', sink, '--apply', '--audit-log', audit];
    emulator.iamFaults.push({ action: 'UpdateAccessKey', remaining: 1 });
    const cut = await runCli(args, { env: env() });
    expect(cut.code).toBe(3);
    expect(u.keys.map((k) => k.status)).toEqual(['Active', 'Active']);
    const rerun = await runCli(args, { env: env() });
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
    expect(rerun.stdout).not.toMatch(/Nothing to change/);
    expect(rerun.stdout).toMatch(/batch\s+DONE: DEACTIVATE\n.*its replacement AKIA\w+ was made by an earlier run/);
    expect(u.keys.map((k) => [k.id, k.status])).toEqual([
      [KEY, 'Inactive'],
      [u.keys[1]?.id, 'Active'],
    ]);
    expect(auditOf(audit).filter((e) => e.action === 'iam:CreateAccessKey')).toHaveLength(1);
  });

  it('gives a user whose two keys both leaked one replacement, stored as its current secret', async () => {
    const [A, B] = ['AKIAW2X3Y4Z5A6B7C2D3', 'AKIAE4F5G6H7J2K3L4M5'];
    const u = user('both-leaked', A, B);
    const findings = report('both', [A, B]);
    const audit = join(dir, 'audit-both.jsonl');
    // Without --delete there is no room: both are still deactivated, and the run says how to finish.
    const noRoom = await runCli(
      ['revoke', findings, '--rotate', '--secret-sink', 'secretsmanager://inc', '--apply', '--audit-log', audit],
      { env: env() },
    );
    expect(noRoom.code).toBe(3);
    expect(u.keys.map((k) => k.status)).toEqual(['Inactive', 'Inactive']);
    expect(noRoom.stdout).toMatch(/CANNOT: IAM user both-leaked already has two access keys .*--delete/);
    const run = await runCli(
      ['revoke', findings, '--rotate', '--delete', '--secret-sink', 'secretsmanager://inc', '--apply', '--audit-log', audit],
      { env: env() },
    );
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(u.keys).toHaveLength(1);
    const stored = emulator.secrets.get(`inc/${RESPONDER.account}/both-leaked`);
    expect(stored?.values).toHaveLength(1);
    const current = JSON.parse(stored?.values.at(-1) ?? '{}') as { accessKeyId: string; replaces: string[] };
    expect(current.accessKeyId).toBe(u.keys[0]?.id);
    expect(current.replaces.sort()).toEqual([A, B].sort());
  });

  it('writes the audit log to the XDG state directory by default, never the working directory, and says where', async () => {
    const KEY = 'AKIAR5S6T7U2V3W4X5Y6';
    user('cwd-check', KEY);
    const findings = report('cwd', [KEY]);
    const checkout = join(dir, 'checkout');
    mkdirSync(checkout);
    const run = await runCli(['revoke', findings, '--apply'], { env: env(), cwd: checkout });
    expect(run.code, run.stderr).toBe(0);
    const log = join(dir, 'state', 'credsweep', 'audit.jsonl');
    expect(run.stdout).toContain(`Audit log: ${log}`);
    expect(readdirSync(checkout)).toEqual([]);
    expect(statSync(log).mode & 0o777).toBe(0o600);
    expect(auditOf(log).map((e) => [e.action, e.keyId])).toEqual([['iam:UpdateAccessKey', KEY]]);
  });

  it('refuses an audit log that is a symbolic link, changing nothing', async () => {
    const KEY = 'AKIAZ6A7B2C3D4E5F6G7';
    const u = user('link-check', KEY);
    const target = join(dir, 'elsewhere.txt');
    writeFileSync(target, 'not ours\n', { mode: 0o644 });
    const link = join(dir, 'audit-link.jsonl');
    symlinkSync(target, link);
    const run = await runCli(['revoke', report('link', [KEY]), '--apply', '--audit-log', link], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/audit log .* cannot be written/);
    expect(u.keys[0]?.status).toBe('Active');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(target).mode & 0o777).toBe(0o644);
    expect(readFileSync(target, 'utf8')).toBe('not ours\n');
  });

  it('does not deactivate a key whose id alone was exposed, or whose pairing is only a candidate, unless named', async () => {
    const [ID_ONLY, CANDIDATE] = ['AKIAH2J3K4L5M6N7P2Q3', 'AKIAS3T4U5V6W7X2Y3Z4'];
    const u = user('exposed-ids', ID_ONLY);
    const v = user('candidate', CANDIDATE);
    const file = join(dir, 'ids.json');
    writeFileSync(
      file,
      JSON.stringify([
        { id: 'a', rule: 'aws.access-key-id', kind: 'secret', secret: ID_ONLY, occurrences: [], target: 'x' },
        {
          id: 'b',
          rule: 'aws.secret-access-key',
          kind: 'secret',
          secret: 'x…y',
          identifier: CANDIDATE,
          pairConfidence: 'low',
          occurrences: [],
          target: 'x',
        },
      ]),
    );
    const audit = join(dir, 'audit-ids.jsonl');
    const run = await runCli(['revoke', file, '--apply', '--audit-log', audit], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${ID_ONLY}.*no change\\n\\s+only its id was exposed \\(an identifier, not a credential`));
    expect(run.stdout).toMatch(new RegExp(`${CANDIDATE}.*no change\\n\\s+its secret is only a low-confidence candidate`));
    expect([u.keys[0]?.status, v.keys[0]?.status]).toEqual(['Active', 'Active']);
    const named = await runCli(['revoke', file, '--key', ID_ONLY, '--apply', '--audit-log', audit], { env: env() });
    expect(named.code, named.stderr).toBe(0);
    expect([u.keys[0]?.status, v.keys[0]?.status]).toEqual(['Inactive', 'Active']);
  });
});
