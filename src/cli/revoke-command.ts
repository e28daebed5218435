// `credsweep revoke [findings.json | TARGET...]`: shuts off the exposed AWS keys of our accounts.
// Without --apply it only prints the plan. With it, each active long-term key is deactivated
// (then deleted with --delete; replaced first with --rotate, the new secret going only where
// --secret-sink says) and every call appended to the audit log; running it again finds nothing
// left to change and says so. --reactivate undoes deactivations recorded in the audit log.
// Exit 3 when a key could not be looked up or acted on (one account denies access, say).
import { appendFile, chmod, readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { AuditEntry, PlanStep, SecretSink } from '../aws/revoke.js';
import { UsageError } from '../errors.js';
import { EXIT } from './exit-code.js';
import { type AwsActionFlags, lookupKeys, lookupOptions, withAwsOptions } from './keys-command.js';
import { writeOutput } from './write-output.js';

interface RevokeFlags extends AwsActionFlags {
  apply: boolean;
  delete: boolean;
  rotate: boolean;
  secretSink?: string;
  reactivate?: boolean | string[];
  auditLog: string;
  json: boolean;
}

const CALL_TEXT = { 'create-replacement': 'CREATE A REPLACEMENT', deactivate: 'DEACTIVATE', delete: 'DELETE', 'deny-sessions': 'DENY OLDER SESSIONS' } as const;

function describe(steps: PlanStep[], applied: boolean): string {
  const lines = [applied ? `REVOCATION (${steps.length} key(s))` : `REVOCATION PLAN (${steps.length} key(s)); nothing changes without --apply`];
  for (const s of steps) {
    const where = `${s.account ?? 'account unknown'}${s.user ? ` / ${s.user}` : ''}`;
    const todo = s.calls.map((c) => CALL_TEXT[c]).join(', then ');
    const outcome = s.result === 'done' ? `DONE: ${todo}` : s.result === 'failed' ? `FAILED: ${s.error}` : s.calls.length > 0 ? `WILL ${todo}` : 'no change';
    lines.push(`  ${s.accessKeyId}  ${where}  ${outcome}`, `      ${s.reason}`);
    if (s.replacement) lines.push(`      replacement ${s.replacement.accessKeyId}: secret stored in ${s.replacement.storedIn}`);
  }
  const pending = steps.filter((s) => s.calls.length > 0 && s.result === undefined).length;
  if (!applied && pending > 0) lines.push(`Run again with --apply to act on ${pending} key(s).`);
  if (steps.every((s) => s.calls.length === 0)) lines.push('Nothing to change.');
  return `${lines.join('\n')}\n`;
}

// A file sink: one JSON line per new key, the file created 0600; or Secrets Manager.
async function secretSink(where: string | undefined, flags: AwsActionFlags): Promise<SecretSink | null> {
  if (where === undefined) return null;
  if (where.startsWith('secretsmanager://')) {
    const prefix = where.slice('secretsmanager://'.length);
    if (!/^[\w/+=.@-]+$/.test(prefix)) throw new UsageError('USAGE_BAD_VALUE', `--secret-sink: "${where}" is not secretsmanager://NAME`);
    const { secretsManagerSink } = await import('../aws/secret-sink.js');
    return secretsManagerSink(prefix, lookupOptions(flags));
  }
  return async (secret) => {
    await appendFile(where, `${JSON.stringify({ ...secret, created: new Date().toISOString() })}\n`, { mode: 0o600 });
    await chmod(where, 0o600);
    return where;
  };
}

// Deactivations in the audit log not since undone, newest state per key.
async function deactivated(log: string, only: string[] | null): Promise<AuditEntry[]> {
  let text: string;
  try {
    text = await readFile(log, 'utf8');
  } catch (err) {
    throw new UsageError('USAGE_BAD_INPUT', `audit log ${log} cannot be read: ${(err as Error).message}`, { file: log });
  }
  const last = new Map<string, AuditEntry>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let e: AuditEntry;
    try {
      e = JSON.parse(line) as AuditEntry;
    } catch {
      process.stderr.write(`credsweep revoke: skipped an unreadable audit log line: ${line.slice(0, 80)}\n`);
      continue;
    }
    if (e.result === 'ok' && (e.action === 'iam:UpdateAccessKey' || e.action === 'iam:DeleteAccessKey')) last.set(e.keyId, e);
  }
  return [...last.values()].filter((e) => e.action === 'iam:UpdateAccessKey' && e.status === 'Inactive' && (only === null || only.includes(e.keyId)));
}

async function runReactivate(flags: RevokeFlags): Promise<number> {
  const only = Array.isArray(flags.reactivate) ? flags.reactivate : null;
  const entries = await deactivated(flags.auditLog, only);
  const { iamClient, ourAccounts } = await import('../aws/key-owner.js');
  const { setKeyStatus } = await import('../aws/revoke.js');
  const options = lookupOptions(flags);
  const problems: string[] = [];
  const accounts = entries.length === 0 ? [] : await ourAccounts(options, problems);
  let failed = 0;
  for (const e of entries) {
    const account = accounts.find((a) => a.id === e.account && a.reachable);
    if (!account) {
      failed++;
      process.stdout.write(`  ${e.keyId}  ${e.account} / ${e.user}  FAILED: not reachable (no credentials for this account)\n`);
      continue;
    }
    const iam = iamClient(options, account);
    try {
      await setKeyStatus(iam, flags.auditLog, e.account, e.user, e.keyId, 'Active');
      process.stdout.write(`  ${e.keyId}  ${e.account} / ${e.user}  REACTIVATED\n`);
    } catch (err) {
      failed++;
      process.stdout.write(`  ${e.keyId}  ${e.account} / ${e.user}  FAILED: ${(err as Error).message}\n`);
    } finally {
      iam.destroy();
    }
  }
  if (entries.length === 0) process.stdout.write('Nothing to reactivate: the audit log records no deactivation still in force.\n');
  for (const p of problems) process.stderr.write(`credsweep revoke: INCOMPLETE: ${p}\n`);
  return failed > 0 || problems.length > 0 ? EXIT.incomplete : EXIT.clean;
}

async function runRevoke(inputs: string[], flags: RevokeFlags): Promise<number> {
  if (flags.reactivate) return runReactivate(flags);
  const sink = await secretSink(flags.secretSink, flags);
  if (flags.rotate && sink === null) throw new UsageError('USAGE_MISSING_OPTION', '--rotate needs --secret-sink FILE: the new secret is never printed');
  const { incomplete, options, problems, accounts, owners } = await lookupKeys(inputs, flags);
  const { applyRevocation, planRevocation } = await import('../aws/revoke.js');
  const steps = planRevocation(owners, { delete: flags.delete, rotate: flags.rotate });
  if (flags.apply && steps.some((s) => s.calls.length > 0)) {
    const { checkAuditLog } = await import('../aws/revoke.js');
    await checkAuditLog(flags.auditLog).catch((err: Error) => {
      throw new UsageError('USAGE_OUTPUT', `--audit-log ${flags.auditLog} cannot be written (${err.message}): nothing was changed`, { file: flags.auditLog });
    });
    await applyRevocation(steps, accounts, options, flags.auditLog, sink);
  }
  await writeOutput(flags.json ? `${JSON.stringify({ applied: flags.apply, steps, problems }, null, 2)}\n` : describe(steps, flags.apply), undefined);
  for (const p of problems) process.stderr.write(`credsweep revoke: INCOMPLETE: ${p}\n`);
  const partial = incomplete || problems.length > 0 || steps.some((s) => s.result === 'failed') || owners.some((o) => o.problems.length > 0);
  return partial ? EXIT.incomplete : EXIT.clean;
}

/** Adds the `revoke` command to the program. */
export function registerRevokeCommand(program: Command, setExit: (code: number) => void): void {
  withAwsOptions(
    program
      .command('revoke')
      .description('plan, then with --apply carry out, the deactivation of every exposed AWS key of our accounts')
      .argument('[inputs...]', 'JSON reports (scan -f json -o FILE), or targets to scan', ['.']),
  )
    .option('--apply', 'make the changes (default: print the plan only)', false)
    .option('--delete', 'also delete each key once deactivated', false)
    .option('--rotate', 'create a replacement key for the user first (needs --secret-sink)', false)
    .option('--secret-sink <where>', 'where replacement secrets go: secretsmanager://PREFIX (PREFIX/ACCOUNT/USER) or a file (JSON lines, mode 0600); never stdout')
    .option('--reactivate [keyIds...]', 'undo the deactivations the audit log records (all, or these key ids)')
    .option('--audit-log <file>', 'JSON lines log of every change made (appended, mode 0600)', 'credsweep-audit.jsonl')
    .option('--json', 'print the plan and its results as JSON', false)
    .action(async (inputs: string[], flags: RevokeFlags) => setExit(await runRevoke(inputs, flags)));
}
