// Revocation of exposed AWS keys: a plan first (what will be done, in which account, to which
// user), changes only when applied, and every change appended to an audit log. Only long-term
// keys of our own accounts are acted on, never a third party's or a canary token's. A temporary
// key cannot be deactivated: the plan says why and what AWS documents instead.
import { CreateAccessKeyCommand, DeleteAccessKeyCommand, type IAMClient, PutRolePolicyCommand, PutUserPolicyCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { appendFile, chmod } from 'node:fs/promises';
import { awsErrorText, awsRequestId } from './aws-error.js';
import { iamClient, type KeyOwner, type OurAccount, type OwnerLookupOptions, SESSION_DENY_POLICY } from './key-owner.js';
import type { SessionIssuer } from './session-issuer.js';

/** What to do beyond deactivating. */
export interface RevokeMode {
  /** Delete each key after deactivating it (or an inactive one found). */
  delete: boolean;
  /** Create a replacement key for the user first, its secret written to `sink`. */
  rotate: boolean;
}

/** Where a replacement key's secret goes; never stdout. */
export type SecretSink = (secret: { account: string; user: string; accessKeyId: string; secretAccessKey: string; replaces: string }) => Promise<string>;

/** What the plan says for one key. */
export interface PlanStep {
  accessKeyId: string;
  account: string | null;
  user: string | null;
  /** The calls to make, in order; empty when nothing is to change. */
  calls: Array<'create-replacement' | 'deactivate' | 'delete' | 'deny-sessions'>;
  /** For a temporary key: the role or user whose older sessions are denied. */
  issuer?: SessionIssuer;
  /** Why, in words, for people. */
  reason: string;
  /** After --apply: what happened. */
  result?: 'done' | 'failed';
  error?: string;
  /** Where a replacement's secret was written. */
  replacement?: { accessKeyId: string; storedIn: string };
}

/** One line of the audit log (JSON lines). */
export interface AuditEntry {
  time: string;
  account: string;
  action: 'iam:UpdateAccessKey' | 'iam:DeleteAccessKey' | 'iam:CreateAccessKey' | 'iam:PutRolePolicy' | 'iam:PutUserPolicy';
  keyId: string;
  user: string;
  status?: 'Inactive' | 'Active';
  requestId: string | null;
  result: 'ok' | 'error';
  error?: string;
}

// AWS's documented way to cut off sessions already issued: deny everything to tokens issued
// before now (the console's "Revoke active sessions" for a role does exactly this).
function denyPolicy(before: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': before } } }],
  });
}

function sessionAdvice(): string {
  return `a temporary key cannot be deactivated, and sessions minted from a leaked key outlive its deactivation; attach to the role or user a policy denying "*" with condition {"DateLessThan": {"aws:TokenIssueTime": "${new Date().toISOString()}"}} (IAM: revoke active sessions)`;
}

function planTemporary(o: KeyOwner, base: Pick<PlanStep, 'accessKeyId' | 'account' | 'user' | 'calls'>): PlanStep {
  const issuer = o.sessionIssuer;
  if (!issuer) return { ...base, reason: sessionAdvice() };
  const who = `${issuer.type === 'Role' ? 'role' : 'IAM user'} ${issuer.name}`;
  // A deny policy left by an earlier incident covers this session only if its time is after the
  // session's first call; otherwise it is put again (same name), with now as the time.
  const covered = o.sessionsDeniedBefore !== null && issuer.firstSeen !== null && Date.parse(o.sessionsDeniedBefore) > Date.parse(issuer.firstSeen);
  if (covered) return { ...base, user: issuer.name, issuer, reason: `${who} already denies sessions issued before ${o.sessionsDeniedBefore}: nothing to change` };
  return {
    ...base,
    user: issuer.name,
    issuer,
    calls: ['deny-sessions'],
    reason: `a temporary key cannot be deactivated: deny ${who} every session issued before now (inline policy ${SESSION_DENY_POLICY}, aws:TokenIssueTime), which ends the leaked session; new sessions are not affected`,
  };
}

/** The plan for every key looked up. */
export function planRevocation(owners: KeyOwner[], mode: RevokeMode): PlanStep[] {
  return owners.map((o): PlanStep => {
    const base = { accessKeyId: o.accessKeyId, account: o.account, user: o.user, calls: [] };
    if (o.relation === 'canary') return { ...base, reason: 'a canary token: left alone, so that its alarm stays meaningful' };
    if (o.relation !== 'ours') return { ...base, reason: `not in an account of ours (${o.relation}${o.account ? ` account ${o.account}` : ''}): tell its owner` };
    if (o.kind === 'temporary') return planTemporary(o, base);
    if (!o.user || !o.status) return { ...base, reason: `its IAM user or status could not be read${o.problems.length ? ` (${o.problems.join('; ')})` : ''}` };
    if (o.status === 'Inactive') {
      if (mode.delete) return { ...base, calls: ['delete'], reason: `inactive key of IAM user ${o.user}: delete it` };
      return { ...base, reason: 'already inactive: nothing to change' };
    }
    if (mode.rotate && (o.userKeys ?? 0) >= 2 && !mode.delete) {
      return { ...base, reason: `IAM user ${o.user} already has two access keys, the most IAM allows, so no replacement can be made: add --delete (the leaked key is then deleted before its replacement is created) or remove the user's other key` };
    }
    if (mode.rotate) {
      const calls: PlanStep['calls'] = mode.delete ? ['deactivate', 'delete', 'create-replacement'] : ['create-replacement', 'deactivate'];
      return { ...base, calls, reason: `active key of IAM user ${o.user}: ${mode.delete ? 'deactivate and delete it, then create its replacement' : 'create a replacement, then deactivate it'}` };
    }
    return { ...base, calls: mode.delete ? ['deactivate', 'delete'] : ['deactivate'], reason: `active key of IAM user ${o.user}: deactivate it${mode.delete ? ' and delete it' : ''}` };
  });
}

/** Appends `entry` to the audit log at `file` (mode 0600). */
export async function appendAudit(file: string, entry: AuditEntry): Promise<void> {
  await appendFile(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

// One IAM call, written to the audit log whatever its outcome; throws on failure.
async function audited<T extends { $metadata: { requestId?: string } }>(
  log: string,
  base: Omit<AuditEntry, 'time' | 'requestId' | 'result'>,
  call: () => Promise<T>,
): Promise<T> {
  let out: T;
  try {
    out = await call();
  } catch (err) {
    await appendAudit(log, { time: new Date().toISOString(), ...base, requestId: awsRequestId(err), result: 'error', error: awsErrorText(err) }).catch(() => undefined);
    throw err;
  }
  // The change is made: a log that cannot be written must not throw its result away (a new key's
  // secret would be lost). The log was checked writable before any call; this is the rare rest.
  await appendAudit(log, { time: new Date().toISOString(), ...base, requestId: out.$metadata.requestId ?? null, result: 'ok' }).catch((err: Error) => {
    process.stderr.write(`credsweep revoke: the audit log could not be written (${err.message}): ${JSON.stringify(base)} was done\n`);
  });
  return out;
}

/** Fails before any change when the audit log cannot be appended to. */
export async function checkAuditLog(file: string): Promise<void> {
  await appendFile(file, '', { mode: 0o600 });
  await chmod(file, 0o600);
}

/** Changes a key's status, audited (deactivation, or --reactivate undoing one). */
export function setKeyStatus(iam: IAMClient, log: string, account: string, user: string, keyId: string, status: 'Active' | 'Inactive') {
  return audited(log, { account, action: 'iam:UpdateAccessKey', keyId, user, status }, () =>
    iam.send(new UpdateAccessKeyCommand({ UserName: user, AccessKeyId: keyId, Status: status })),
  );
}

async function runStep(step: PlanStep, iam: IAMClient, log: string, sink: SecretSink | null): Promise<void> {
  const account = step.account as string;
  const user = step.user as string;
  const id = step.accessKeyId;
  // A replacement that fails must not leave the leaked key active: the other calls still run,
  // and the failure is reported after them.
  let replacementFailure: unknown = null;
  for (const call of step.calls) {
    if (call === 'create-replacement') {
      try {
        await createReplacement(step, iam, log, sink, account, user, id);
      } catch (err) {
        replacementFailure = err;
      }
      continue;
    }
    if (call === 'deny-sessions') {
      const issuer = step.issuer as SessionIssuer;
      const doc = denyPolicy(new Date().toISOString());
      if (issuer.type === 'Role') {
        await audited(log, { account, action: 'iam:PutRolePolicy', keyId: id, user }, () =>
          iam.send(new PutRolePolicyCommand({ RoleName: issuer.name, PolicyName: SESSION_DENY_POLICY, PolicyDocument: doc })),
        );
      } else {
        await audited(log, { account, action: 'iam:PutUserPolicy', keyId: id, user }, () =>
          iam.send(new PutUserPolicyCommand({ UserName: issuer.name, PolicyName: SESSION_DENY_POLICY, PolicyDocument: doc })),
        );
      }
    } else if (call === 'deactivate') await setKeyStatus(iam, log, account, user, id, 'Inactive');
    else if (call === 'delete') {
      await audited(log, { account, action: 'iam:DeleteAccessKey', keyId: id, user }, () => iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: id })));
    }
  }
  if (replacementFailure !== null) throw replacementFailure;
}

async function createReplacement(step: PlanStep, iam: IAMClient, log: string, sink: SecretSink | null, account: string, user: string, id: string): Promise<void> {
  if (!sink) throw new Error('--rotate needs --secret-sink: the new secret is never printed');
  const made = await audited(log, { account, action: 'iam:CreateAccessKey', keyId: '(new)', user }, () => iam.send(new CreateAccessKeyCommand({ UserName: user })));
  const key = made.AccessKey;
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('CreateAccessKey returned no key');
  let storedIn: string;
  try {
    storedIn = await sink({ account, user, accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey, replaces: id });
  } catch (err) {
    // A replacement whose secret is lost is one more live key nobody holds: delete it.
    const newId = key.AccessKeyId;
    await audited(log, { account, action: 'iam:DeleteAccessKey', keyId: newId, user }, () => iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: newId })));
    throw new Error(`the replacement's secret could not be stored (${(err as Error).message}); the replacement was deleted`);
  }
  step.replacement = { accessKeyId: key.AccessKeyId, storedIn };
}

/** Carries out the plan, one key at a time; a failure is recorded on its step and the rest go on. */
export async function applyRevocation(steps: PlanStep[], accounts: OurAccount[], options: OwnerLookupOptions, auditLog: string, sink: SecretSink | null): Promise<void> {
  for (const step of steps) {
    if (step.calls.length === 0) continue;
    const account = accounts.find((a) => a.id === step.account) as OurAccount;
    const iam = iamClient(options, account);
    try {
      await runStep(step, iam, auditLog, sink);
      step.result = 'done';
    } catch (err) {
      step.result = 'failed';
      step.error = awsErrorText(err);
    } finally {
      iam.destroy();
    }
  }
}
