// Revocation of exposed AWS keys: a plan first (what will be done, in which account, to which
// user), changes only when applied, and every change appended to an audit log. Only long-term
// keys of our own accounts are acted on, never a third party's or a canary token's. A temporary
// key cannot be deactivated: the plan says why and what AWS documents instead.
import { UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { appendFile, chmod } from 'node:fs/promises';
import { iamClient, type KeyOwner, type OurAccount, type OwnerLookupOptions } from './key-owner.js';

/** What the plan says for one key. */
export interface PlanStep {
  accessKeyId: string;
  account: string | null;
  user: string | null;
  action: 'deactivate' | 'none';
  /** Why, in words, for people. */
  reason: string;
  /** After --apply: what happened. */
  result?: 'done' | 'failed';
  error?: string;
  requestId?: string;
}

/** One line of the audit log (JSON lines). */
export interface AuditEntry {
  time: string;
  account: string;
  action: 'iam:UpdateAccessKey';
  keyId: string;
  user: string;
  status: 'Inactive' | 'Active';
  requestId: string | null;
  result: 'ok' | 'error';
  error?: string;
}

// AWS's documented way to cut off sessions already issued from a leaked key: deny everything to
// tokens issued before now (the role's "Revoke active sessions" does exactly this).
function sessionAdvice(): string {
  return `a temporary key cannot be deactivated, and sessions minted from a leaked key outlive its deactivation; attach to the role or user a policy denying "*" with condition {"DateLessThan": {"aws:TokenIssueTime": "${new Date().toISOString()}"}} (IAM: revoke active sessions)`;
}

/** The plan for every key looked up. */
export function planRevocation(owners: KeyOwner[]): PlanStep[] {
  return owners.map((o): PlanStep => {
    const base = { accessKeyId: o.accessKeyId, account: o.account, user: o.user };
    if (o.relation === 'canary') return { ...base, action: 'none', reason: 'a canary token: left alone, so that its alarm stays meaningful' };
    if (o.relation !== 'ours') return { ...base, action: 'none', reason: `not in an account of ours (${o.relation}${o.account ? ` account ${o.account}` : ''}): tell its owner` };
    if (o.kind === 'temporary') return { ...base, action: 'none', reason: sessionAdvice() };
    if (!o.user || !o.status) return { ...base, action: 'none', reason: `its IAM user or status could not be read${o.problems.length ? ` (${o.problems.join('; ')})` : ''}` };
    if (o.status === 'Inactive') return { ...base, action: 'none', reason: 'already inactive: nothing to change' };
    return { ...base, action: 'deactivate', reason: `active key of IAM user ${o.user}: deactivate it (iam:UpdateAccessKey Status=Inactive)` };
  });
}

/** Appends `entry` to the audit log at `file` (mode 0600). */
export async function appendAudit(file: string, entry: AuditEntry): Promise<void> {
  await appendFile(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

/** Carries out the plan's deactivations, one key at a time; a failure is recorded and the rest go on. */
export async function applyRevocation(steps: PlanStep[], accounts: OurAccount[], options: OwnerLookupOptions, auditLog: string): Promise<void> {
  for (const step of steps) {
    if (step.action !== 'deactivate' || !step.account || !step.user) continue;
    const account = accounts.find((a) => a.id === step.account) as OurAccount;
    const iam = iamClient(options, account);
    const entry: AuditEntry = { time: new Date().toISOString(), account: step.account, action: 'iam:UpdateAccessKey', keyId: step.accessKeyId, user: step.user, status: 'Inactive', requestId: null, result: 'ok' };
    try {
      const out = await iam.send(new UpdateAccessKeyCommand({ UserName: step.user, AccessKeyId: step.accessKeyId, Status: 'Inactive' }));
      entry.requestId = out.$metadata.requestId ?? null;
      step.result = 'done';
      step.requestId = entry.requestId ?? undefined;
    } catch (err) {
      const e = err as { name?: string; message?: string; $metadata?: { requestId?: string } };
      entry.result = 'error';
      entry.error = `${e.name ?? 'Error'}: ${e.message ?? String(err)}`;
      entry.requestId = e.$metadata?.requestId ?? null;
      step.result = 'failed';
      step.error = entry.error;
    } finally {
      iam.destroy();
    }
    await appendAudit(auditLog, entry);
  }
}
