// Carrying out a revocation plan (revoke-plan.ts): changes only when applied, every change
// appended to the audit log, naming it fully. Containment first: a failed replacement never
// stops the deactivation of the leaked key, and is reported after it.
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  type IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { type AuditEntry, appendAudit } from './audit-log.js';
import { awsErrorText, awsRequestId } from './aws-error.js';
import { iamClient, type OurAccount, type OwnerLookupOptions, SESSION_DENY_POLICY } from './key-owner.js';
import type { PlanStep } from './revoke-plan.js';
import type { SessionIssuer } from './session-issuer.js';

export { type Exposure, type PlanStep, planRevocation, type RevokeMode } from './revoke-plan.js';

/** A replacement's secret, for the sink. */
export interface NewSecret {
  account: string;
  user: string;
  accessKeyId: string;
  secretAccessKey: string;
  replaces: string[];
}

/** Where a replacement key's secret goes; never stdout. Its own writes are audited through `audit`. */
export interface SecretSink {
  /** Fails when the sink cannot be written, before any IAM change. */
  check(users: Array<{ account: string; user: string }>): Promise<void>;
  /** Stores the user's current secret; returns where, for people. */
  store(secret: NewSecret, audit: (entry: Omit<AuditEntry, 'time'>) => Promise<void>): Promise<string>;
}

// AWS's documented way to cut off sessions already issued: deny everything to tokens issued
// before now (the console's "Revoke active sessions" for a role does exactly this).
function denyPolicy(before: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': before } } }],
  });
}

const now = () => new Date().toISOString();

/** Appends to the audit log, saying on stderr when it cannot (the change is made all the same). */
export async function record(log: string, entry: Omit<AuditEntry, 'time'>): Promise<void> {
  await appendAudit(log, { time: now(), ...entry }).catch((err: Error) => {
    process.stderr.write(`credsweep revoke: the audit log could not be written (${err.message}): ${JSON.stringify(entry)}\n`);
  });
}

// One IAM call, written to the audit log whatever its outcome; throws on failure. `named`
// gives fields known only from the answer (a new key's id).
async function audited<T extends { $metadata: { requestId?: string } }>(
  log: string,
  base: Omit<AuditEntry, 'time' | 'requestId' | 'result'>,
  call: () => Promise<T>,
  named: (out: T) => Partial<AuditEntry> = () => ({}),
): Promise<T> {
  let out: T;
  try {
    out = await call();
  } catch (err) {
    await record(log, { ...base, requestId: awsRequestId(err), result: 'error', error: awsErrorText(err) });
    throw err;
  }
  await record(log, { ...base, ...named(out), requestId: out.$metadata.requestId ?? null, result: 'ok' });
  return out;
}

/** Where calls on one IAM user's keys go, and the audit log each is appended to. */
export interface UserKeys {
  iam: IAMClient;
  log: string;
  account: string;
  user: string;
}

/** Changes a key's status, audited (deactivation, or --reactivate undoing one). */
export function setKeyStatus({ iam, log, account, user }: UserKeys, keyId: string, status: 'Active' | 'Inactive') {
  return audited(log, { account, action: 'iam:UpdateAccessKey', keyId, user, status }, () =>
    iam.send(new UpdateAccessKeyCommand({ UserName: user, AccessKeyId: keyId, Status: status })),
  );
}

async function denySessions(iam: IAMClient, log: string, account: string, keyId: string, issuer: SessionIssuer): Promise<void> {
  const doc = denyPolicy(now());
  const entry = (action: 'iam:PutRolePolicy' | 'iam:PutUserPolicy') => ({
    account,
    action,
    keyId,
    user: issuer.name,
    policy: { on: issuer.arn, name: SESSION_DENY_POLICY },
  });
  if (issuer.type === 'Role') {
    await audited(log, entry('iam:PutRolePolicy'), () =>
      iam.send(new PutRolePolicyCommand({ RoleName: issuer.name, PolicyName: SESSION_DENY_POLICY, PolicyDocument: doc })),
    );
  } else {
    await audited(log, entry('iam:PutUserPolicy'), () =>
      iam.send(new PutUserPolicyCommand({ UserName: issuer.name, PolicyName: SESSION_DENY_POLICY, PolicyDocument: doc })),
    );
  }
}

async function runStep(step: PlanStep, iam: IAMClient, log: string, sink: SecretSink | null): Promise<void> {
  const account = step.account as string;
  const user = step.user as string;
  const id = step.accessKeyId;
  const on: UserKeys = { iam, log, account, user };
  // A replacement that fails must not leave the leaked key active: the other calls still run,
  // and the failure is reported after them.
  let replacementFailure: unknown = null;
  for (const call of step.calls) {
    if (call === 'create-replacement') {
      try {
        await createReplacement(step, on, sink);
      } catch (err) {
        replacementFailure = err;
      }
    } else if (call === 'deny-sessions') await denySessions(iam, log, account, id, step.issuer as SessionIssuer);
    else if (call === 'deactivate') await setKeyStatus(on, id, 'Inactive');
    else if (call === 'delete') {
      await audited(log, { account, action: 'iam:DeleteAccessKey', keyId: id, user }, () =>
        iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: id })),
      );
    }
  }
  if (replacementFailure !== null) throw replacementFailure;
}

async function createReplacement(step: PlanStep, { iam, log, account, user }: UserKeys, sink: SecretSink | null): Promise<void> {
  if (!sink) throw new Error('--rotate needs --secret-sink: the new secret is never printed');
  const replaces = step.replaces ?? [step.accessKeyId];
  const made = await audited(
    log,
    { account, action: 'iam:CreateAccessKey', keyId: '', user, replaces },
    () => iam.send(new CreateAccessKeyCommand({ UserName: user })),
    (out) => ({ keyId: out.AccessKey?.AccessKeyId ?? '' }),
  );
  const key = made.AccessKey;
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('CreateAccessKey returned no key');
  let storedIn: string;
  try {
    storedIn = await sink.store({ account, user, accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey, replaces }, (entry) =>
      record(log, entry),
    );
  } catch (err) {
    // A replacement whose secret is lost is one more live key nobody holds: delete it.
    const newId = key.AccessKeyId;
    await audited(log, { account, action: 'iam:DeleteAccessKey', keyId: newId, user }, () =>
      iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: newId })),
    );
    throw new Error(
      `the replacement's secret could not be stored (${(err as Error).message}); the replacement was deleted, so IAM user ${user} has no new key: the leaked key stays ${step.calls.includes('delete') ? 'deleted' : 'inactive'}; fix the secret sink and run revoke --rotate --apply again`,
    );
  }
  step.replacement = { accessKeyId: key.AccessKeyId, storedIn };
}

/** Carries out the plan, one key at a time; a failure is recorded on its step and the rest go on. */
export async function applyRevocation(
  steps: PlanStep[],
  accounts: OurAccount[],
  options: OwnerLookupOptions,
  auditLog: string,
  sink: SecretSink | null,
): Promise<void> {
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
