// `revoke --reactivate`: undoes the deactivations this tool recorded in its audit log (the
// default one, or the one named with --audit-log), never anything else. A change like any
// other: the plan first, the calls only with --apply, each appended to the same log.
import type { AuditEntry } from '../aws/audit-log.js';
import { UsageError } from '../errors.js';
import { EXIT } from './exit-code.js';
import { lookupOptions } from './aws-flags.js';
import type { RevokeFlags } from './revoke-flags.js';

// Deactivations not since undone or followed by a deletion, newest state per key.
function stillDeactivated(entries: AuditEntry[], only: string[] | null): AuditEntry[] {
  const last = new Map<string, AuditEntry>();
  for (const e of entries) {
    if (e.result === 'ok' && (e.action === 'iam:UpdateAccessKey' || e.action === 'iam:DeleteAccessKey')) last.set(e.keyId, e);
  }
  return [...last.values()].filter(
    (e) => e.action === 'iam:UpdateAccessKey' && e.status === 'Inactive' && (only === null || only.includes(e.keyId)),
  );
}

/** Plans, and with --apply carries out, the reactivations; exit 3 when one could not be made. */
export async function runReactivate(flags: RevokeFlags, log: string, entries: AuditEntry[]): Promise<number> {
  const only = Array.isArray(flags.reactivate) ? flags.reactivate : null;
  if (entries.length === 0)
    throw new UsageError(
      'USAGE_BAD_INPUT',
      `--reactivate: the audit log ${log} records nothing (name the log of the run to undo with --audit-log)`,
      { file: log },
    );
  const todo = stillDeactivated(entries, only);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (todo.length === 0) {
    out(`Nothing to reactivate: the audit log ${log} records no deactivation still in force${only ? ` for ${only.join(', ')}` : ''}.`);
    return EXIT.clean;
  }
  if (!flags.apply) {
    out(`REACTIVATION PLAN (${todo.length} key(s)) from the audit log ${log}; nothing changes without --apply`);
    for (const e of todo) out(`  ${e.keyId}  ${e.account} / ${e.user}  WILL REACTIVATE (deactivated ${e.time})`);
    out(`Run again with --apply to reactivate ${todo.length} key(s).`);
    return EXIT.clean;
  }
  const { iamClient, ourAccounts } = await import('../aws/key-owner.js');
  const { setKeyStatus } = await import('../aws/revoke.js');
  const options = lookupOptions(flags);
  const problems: string[] = [];
  const accounts = await ourAccounts(options, problems);
  let failed = 0;
  for (const e of todo) {
    const account = accounts.find((a) => a.id === e.account && a.reachable);
    if (!account) {
      failed++;
      out(`  ${e.keyId}  ${e.account} / ${e.user}  FAILED: not reachable (no credentials for this account)`);
      continue;
    }
    const iam = iamClient(options, account);
    try {
      await setKeyStatus({ iam, log, account: e.account, user: e.user }, e.keyId, 'Active');
      out(`  ${e.keyId}  ${e.account} / ${e.user}  REACTIVATED`);
    } catch (err) {
      failed++;
      out(`  ${e.keyId}  ${e.account} / ${e.user}  FAILED: ${(err as Error).message}`);
    } finally {
      iam.destroy();
    }
  }
  out(`Audit log: ${log}`);
  for (const p of problems) process.stderr.write(`credsweep revoke: INCOMPLETE: ${p}\n`);
  return failed > 0 || problems.length > 0 ? EXIT.incomplete : EXIT.clean;
}
