// `credsweep revoke [findings.json | TARGET...]`: shuts off the exposed AWS keys of our accounts.
// Without --apply it only prints the plan. With it, each leaked long-term key is deactivated
// (then deleted with --delete; the user given one replacement with --rotate, its secret going
// only where --secret-sink says) and every change appended to the audit log. A rerun reads
// IAM's state and the audit log and completes what an earlier run left. Keys whose id alone was
// exposed, or whose pairing is only a candidate, are acted on only when named with --key.
// --reactivate plans, then with --apply undoes, the deactivations the audit log records.
// Exit 3 when something could not be looked up or done (a replacement with no room, say).
import type { Command } from 'commander';
import { type AuditEntry, defaultAuditLog } from '../aws/audit-log.js';
import type { PlanStep, SecretSink } from '../aws/revoke.js';
import { UsageError } from '../errors.js';
import { EXIT } from './exit-code.js';
import { readAuditLog, revokeExposedKeys } from '../enrich/revocation.js';
import { type AwsActionFlags, lookupOptions, withAwsOptions } from './aws-flags.js';
import { findingsFrom } from './findings-input.js';
import type { RevokeFlags } from './revoke-flags.js';
import { runReactivate } from './revoke-reactivate.js';
import { writeOutput } from './write-output.js';

const CALL_TEXT = {
  'create-replacement': 'CREATE A REPLACEMENT',
  deactivate: 'DEACTIVATE',
  delete: 'DELETE',
  'deny-sessions': 'DENY OLDER SESSIONS',
} as const;

function describe(steps: PlanStep[], applied: boolean, auditLog: string): string {
  const lines = [
    applied ? `REVOCATION (${steps.length} key(s))` : `REVOCATION PLAN (${steps.length} key(s)); nothing changes without --apply`,
  ];
  for (const s of steps) {
    const where = `${s.account ?? 'account unknown'}${s.user ? ` / ${s.user}` : ''}`;
    const todo = s.calls.map((c) => CALL_TEXT[c]).join(', then ');
    const outcome =
      s.result === 'done'
        ? `DONE: ${todo}`
        : s.result === 'failed'
          ? `FAILED: ${s.error}`
          : s.calls.length > 0
            ? `WILL ${todo}`
            : 'no change';
    lines.push(`  ${s.accessKeyId}  ${where}  ${outcome}`, `      ${s.reason}`);
    if (s.blocked) lines.push(`      CANNOT: ${s.blocked}`);
    if (s.replacement) lines.push(`      replacement ${s.replacement.accessKeyId}: secret stored in ${s.replacement.storedIn}`);
  }
  const pending = steps.filter((s) => s.calls.length > 0 && s.result === undefined).length;
  if (!applied && pending > 0) lines.push(`Run again with --apply to act on ${pending} key(s).`);
  if (steps.every((s) => s.calls.length === 0 && !s.blocked)) lines.push('Nothing to change.');
  if (applied && steps.some((s) => s.result !== undefined)) lines.push(`Audit log: ${auditLog}`);
  return `${lines.join('\n')}\n`;
}

async function secretSink(where: string | undefined, flags: AwsActionFlags): Promise<SecretSink | null> {
  if (where === undefined) return null;
  const { fileSink, secretsManagerSink } = await import('../aws/secret-sink.js');
  if (!where.startsWith('secretsmanager://')) return fileSink(where);
  const prefix = where.slice('secretsmanager://'.length);
  if (!/^[\w/+=.@-]+$/.test(prefix)) throw new UsageError('USAGE_BAD_VALUE', `--secret-sink: "${where}" is not secretsmanager://NAME`);
  return secretsManagerSink(prefix, lookupOptions(flags));
}

/** The audit log to use: --audit-log, else the user's state directory. */
export function auditLogOf(flags: RevokeFlags): { file: string; isDefault: boolean } {
  return flags.auditLog ? { file: flags.auditLog, isDefault: false } : { file: defaultAuditLog(), isDefault: true };
}

function readLog(file: string): Promise<AuditEntry[]> {
  return readAuditLog(file, (line) => process.stderr.write(`credsweep revoke: skipped an unreadable audit log line: ${line}\n`));
}

async function runRevoke(inputs: string[], flags: RevokeFlags): Promise<number> {
  const log = auditLogOf(flags);
  if (flags.reactivate) return runReactivate(flags, log.file, await readLog(log.file));
  const sink = await secretSink(flags.secretSink, flags);
  if (flags.rotate && sink === null)
    throw new UsageError('USAGE_MISSING_OPTION', '--rotate needs --secret-sink FILE: the new secret is never printed');
  const audit = await readLog(log.file);
  const { findings, incomplete } = await findingsFrom(inputs);
  const { steps, problems, owners } = await revokeExposedKeys({
    findings,
    named: flags.key ?? [],
    delete: flags.delete,
    rotate: flags.rotate,
    apply: flags.apply,
    auditLog: log,
    audit,
    sink: sink === null ? null : { sink, name: flags.secretSink as string },
    lookup: lookupOptions(flags),
  });
  await writeOutput(
    flags.json
      ? `${JSON.stringify({ applied: flags.apply, auditLog: log.file, steps, problems }, null, 2)}\n`
      : describe(steps, flags.apply, log.file),
    undefined,
  );
  for (const p of problems) process.stderr.write(`credsweep revoke: INCOMPLETE: ${p}\n`);
  const partial =
    incomplete || problems.length > 0 || steps.some((s) => s.result === 'failed' || s.blocked) || owners.some((o) => o.problems.length > 0);
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
    .option('--rotate', 'give each IAM user one replacement key (needs --secret-sink)', false)
    .option(
      '--secret-sink <where>',
      'where replacement secrets go: secretsmanager://PREFIX (PREFIX/ACCOUNT/USER) or a file (JSON lines, mode 0600); never stdout',
    )
    .option('--key <keyIds...>', 'also act on these key ids when only the id was exposed or the pairing is a low-confidence candidate')
    .option(
      '--reactivate [keyIds...]',
      'plan (then with --apply do) the undoing of the deactivations the audit log records (all, or these key ids)',
    )
    .option('--audit-log <file>', 'JSON lines log of every change (appended; default: $XDG_STATE_HOME/credsweep/audit.jsonl)')
    .option('--json', 'print the plan and its results as JSON', false)
    .action(async (inputs: string[], flags: RevokeFlags) => setExit(await runRevoke(inputs, flags)));
}
