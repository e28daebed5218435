// The plan of `revoke`: for every exposed key, what to change, read from IAM's real state and
// from what the audit log says earlier runs did, so a rerun completes a half-applied run rather
// than calling it done. Containment comes first: a leaked long-term key of ours is deactivated
// whatever happens to its replacement. Rotation is per IAM user: one replacement, however
// many of the user's keys leaked, and none when an earlier run already made it. Only keys whose
// secret was exposed are acted on unless named: an id alone (a log line) names a key, it does
// not open it.
import { type AuditEntry, userHistory } from './audit-log.js';
import { type KeyOwner, SESSION_DENY_POLICY } from './key-owner.js';
import type { SessionIssuer } from './session-issuer.js';

/** What to do beyond deactivating. */
export interface RevokeMode {
  /** Delete each key after deactivating it (or an inactive one found). */
  delete: boolean;
  /** Create a replacement key for the user (one per user), its secret written to the sink. */
  rotate: boolean;
}

/**
 * What the findings show of a key: its secret (or session token) with high or medium
 * confidence, a low-confidence candidate pairing only, or only its id.
 */
export type Exposure = 'credential' | 'candidate' | 'identifier';

export type PlanCall = 'create-replacement' | 'deactivate' | 'delete' | 'deny-sessions';

/** What the plan says for one key. */
export interface PlanStep {
  accessKeyId: string;
  account: string | null;
  user: string | null;
  exposure: Exposure;
  /** The calls to make, in order; empty when nothing is to change. */
  calls: PlanCall[];
  /** For a temporary key: the role or user whose older sessions are denied. */
  issuer?: SessionIssuer;
  /** Every leaked key of this user a replacement made here replaces. */
  replaces?: string[];
  /** Why, in words, for people. */
  reason: string;
  /** Something the plan cannot do, and the fix: the run is incomplete (exit 3) even when the rest is done. */
  blocked?: string;
  /** After --apply: what happened. */
  result?: 'done' | 'failed';
  error?: string;
  /** Where a replacement's secret was written. */
  replacement?: { accessKeyId: string; storedIn: string };
}

function sessionAdvice(): string {
  return `a temporary key cannot be deactivated, and sessions minted from a leaked key outlive its deactivation; attach to the role or user a policy denying "*" with condition {"DateLessThan": {"aws:TokenIssueTime": "${new Date().toISOString()}"}} (IAM: revoke active sessions)`;
}

type Base = Pick<PlanStep, 'accessKeyId' | 'account' | 'user' | 'calls' | 'exposure'>;

function planTemporary(o: KeyOwner, base: Base): PlanStep {
  const issuer = o.sessionIssuer;
  if (!issuer) return { ...base, reason: sessionAdvice() };
  const who = `${issuer.type === 'Role' ? 'role' : 'IAM user'} ${issuer.name}`;
  // A deny policy left by an earlier incident covers this session only if its time is after the
  // session's first call; otherwise it is put again (same name), with now as the time.
  const covered =
    o.sessionsDeniedBefore !== null && issuer.firstSeen !== null && Date.parse(o.sessionsDeniedBefore) > Date.parse(issuer.firstSeen);
  if (covered)
    return {
      ...base,
      user: issuer.name,
      issuer,
      reason: `${who} already denies sessions issued before ${o.sessionsDeniedBefore}: nothing to change`,
    };
  return {
    ...base,
    user: issuer.name,
    issuer,
    calls: ['deny-sessions'],
    reason: `a temporary key cannot be deactivated: deny ${who} every session issued before now (inline policy ${SESSION_DENY_POLICY}, aws:TokenIssueTime), which ends the leaked session; new sessions are not affected`,
  };
}

const NOT_EXPOSED: Record<Exclude<Exposure, 'credential'>, string> = {
  identifier:
    'only its id was exposed (an identifier, not a credential: a log line, a ticket); its owner should know, but it is not deactivated unless named with --key',
  candidate:
    'its secret is only a low-confidence candidate pairing (found elsewhere in the target, not beside the id): not acted on unless named with --key',
};

// The steps of long-term keys of ours whose leak is acted on, for rotation.
type Acting = Set<PlanStep>;

function planKey(o: KeyOwner, mode: RevokeMode, exposure: Exposure, named: boolean, audit: AuditEntry[], acting: Acting): PlanStep {
  const base: Base = { accessKeyId: o.accessKeyId, account: o.account, user: o.user, calls: [], exposure };
  if (o.relation === 'canary') return { ...base, reason: 'a canary token: left alone, so that its alarm stays meaningful' };
  if (o.relation === 'unknown') {
    const missing =
      'our own accounts are unknown: give credentials (--profile, the environment, or aws sso login), and name our other accounts with --role-arn';
    return { ...base, reason: `whose key this is cannot be told (account ${o.account ?? 'unknown'})`, blocked: missing };
  }
  if (o.relation !== 'ours')
    return { ...base, reason: `in a third party's account (${o.account ?? 'unknown'}): tell its owner; nothing of ours to change` };
  if (exposure !== 'credential' && !named) return { ...base, reason: NOT_EXPOSED[exposure] };
  if (o.kind === 'temporary') return planTemporary(o, base);
  if (o.status === 'Deleted') {
    const gone = audit.find((e) => e.action === 'iam:DeleteAccessKey' && e.result === 'ok' && e.keyId === o.accessKeyId);
    return {
      ...base,
      user: gone?.user ?? null,
      reason: gone
        ? `deleted by credsweep at ${gone.time} (audit log; IAM: NoSuchEntity): nothing to change`
        : 'no longer exists in IAM (NoSuchEntity): nothing to change',
    };
  }
  if (!o.user || !o.status)
    return { ...base, reason: `its IAM user or status could not be read${o.problems.length ? ` (${o.problems.join('; ')})` : ''}` };
  const calls: PlanStep['calls'] = [];
  if (o.status === 'Active') calls.push('deactivate');
  if (mode.delete) calls.push('delete');
  const did = calls.length === 0 ? 'already inactive' : `${o.status.toLowerCase()} key of IAM user ${o.user}: ${calls.join(' and ')} it`;
  const step = { ...base, calls, reason: calls.length === 0 ? `${did}: nothing to change` : did };
  acting.add(step);
  return step;
}

// One replacement per user: on the user's first step (made before the deactivations, so
// service can move to it), or after the last deletion with --delete (the slot is then free).
function planRotation(acting: PlanStep[], owners: KeyOwner[], mode: RevokeMode, audit: AuditEntry[]): void {
  const byUser = new Map<string, PlanStep[]>();
  for (const s of acting) {
    const k = `${s.account}/${s.user}`;
    byUser.set(k, [...(byUser.get(k) ?? []), s]);
  }
  for (const group of byUser.values()) {
    const first = group[0] as PlanStep;
    const leaked = group.map((s) => s.accessKeyId);
    const list = owners.find((o) => leaked.includes(o.accessKeyId) && o.userKeyList !== null)?.userKeyList ?? null;
    const history = userHistory(audit, first.account as string, first.user as string);
    const made = history.replacements.filter((id) => !leaked.includes(id) && (list === null || list.some((k) => k.id === id))).at(-1);
    if (made) {
      first.reason += `; its replacement ${made} was made by an earlier run (audit log)`;
      continue;
    }
    if (list === null) {
      first.blocked = `IAM user ${first.user}'s keys could not be listed: no replacement made`;
      continue;
    }
    const remaining = list.filter((k) => !(mode.delete && leaked.includes(k.id)));
    if (remaining.length >= 2) {
      const others = list.filter((k) => !leaked.includes(k.id)).map((k) => k.id);
      first.blocked = `IAM user ${first.user} already has two access keys (${list.map((k) => k.id).join(', ')}), the most IAM allows, so no replacement can be made: rerun with --delete to delete the leaked key and free its slot${others.length > 0 ? ` (or delete the user's other key ${others.join(', ')})` : ''}`;
      continue;
    }
    const at = mode.delete ? (group.at(-1) as PlanStep) : first;
    at.calls = mode.delete ? [...at.calls, 'create-replacement'] : ['create-replacement', ...at.calls];
    at.replaces = leaked;
    at.reason += `; ${leaked.length > 1 ? 'one replacement for its leaked keys' : 'a replacement'} is created, its secret going only to the secret sink`;
  }
}

/**
 * The plan for every key looked up. `exposure` tells, for each key id, what the findings show;
 * `named` are ids the user asked for by name (--key); `audit` is what earlier runs did.
 */
export function planRevocation(
  owners: KeyOwner[],
  mode: RevokeMode,
  exposure: Map<string, Exposure>,
  named: Set<string>,
  audit: AuditEntry[],
): PlanStep[] {
  const acting: Acting = new Set();
  const steps = owners.map((o) => planKey(o, mode, exposure.get(o.accessKeyId) ?? 'identifier', named.has(o.accessKeyId), audit, acting));
  if (mode.rotate) planRotation([...acting], owners, mode, audit);
  return steps;
}
