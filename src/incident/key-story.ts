// What happened to one exposed key, read from its CloudTrail history: every call made with it since
// it was exposed, summarised by API, source IP, user agent and region; the calls that create a way
// back in (persistence); and a verdict. Pure: the history is gathered elsewhere (gather.ts).
import { VERIFY_USER_AGENT } from '../aws/key-owner.js';
import type { TrailRecord } from './trail-history.js';

/** Whether a call is `keys --verify`'s own (its user agent): evidence of our check, never of an attacker. */
export const isVerification = (r: TrailRecord) => r.userAgent?.includes(VERIFY_USER_AGENT) === true;

/** Calls that give an attacker a way back in once the key is dead. */
export const PERSISTENCE_EVENTS: ReadonlySet<string> = new Set([
  'CreateUser',
  'CreateAccessKey',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'CreateRole',
  'UpdateAssumeRolePolicy',
  'AttachUserPolicy',
  'AttachRolePolicy',
  'AttachGroupPolicy',
  'PutUserPolicy',
  'PutRolePolicy',
  'PutGroupPolicy',
  'CreatePolicyVersion',
  'AddUserToGroup',
  'CreateVirtualMFADevice',
  'RunInstances',
  'CreateFunction',
  'UpdateFunctionCode',
  'PutBucketPolicy',
  'PutBucketAcl',
  'DeleteBucketPublicAccessBlock',
  'ImportKeyPair',
  'AuthorizeSecurityGroupIngress',
]);

/** The verdict on a key's use. */
export type Verdict = 'never-used-since-exposure' | 'used-by-known-workload' | 'used-from-somewhere-new' | 'unknown';

/** One key's story. */
export interface KeyActivity {
  /** Calls made with the key after it was exposed, oldest first. */
  sinceExposure: TrailRecord[];
  byApi: Record<string, number>;
  bySourceIp: Record<string, number>;
  byUserAgent: Record<string, number>;
  byRegion: Record<string, number>;
  persistence: TrailRecord[];
  /** Calls `keys --verify` made with the key: shown, never counted as use. */
  verification: TrailRecord[];
  /** Source IPs seen after exposure and never before it. */
  newSources: string[];
  verdict: Verdict;
  why: string;
}

function count(records: TrailRecord[], pick: (r: TrailRecord) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) {
    const k = pick(r) ?? 'unknown';
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/**
 * Reads the history: `before` are calls from the weeks before exposure (the key's known
 * workload), `after` those since. `complete` false when CloudTrail could not be read whole.
 */
export function analyseKey(
  before: TrailRecord[],
  all: TrailRecord[],
  lastUsed: string | null,
  exposedAt: string | null,
  complete: boolean,
): KeyActivity {
  const verification = all.filter(isVerification);
  const after = all.filter((r) => !isVerification(r));
  const known = new Set(before.map((r) => r.sourceIp).filter((ip): ip is string => ip !== null));
  const newSources = [...new Set(after.map((r) => r.sourceIp).filter((ip): ip is string => ip !== null && !known.has(ip)))];
  const base = {
    sinceExposure: after,
    byApi: count(after, (r) => r.eventName),
    bySourceIp: count(after, (r) => r.sourceIp),
    byUserAgent: count(after, (r) => r.userAgent),
    byRegion: count(after, (r) => r.region),
    persistence: after.filter((r) => PERSISTENCE_EVENTS.has(r.eventName)),
    verification,
    newSources,
  };
  if (newSources.length > 0) {
    return {
      ...base,
      verdict: 'used-from-somewhere-new',
      why: `${after.length} call(s) since exposure, from ${newSources.join(', ')}, never seen before it`,
    };
  }
  if (!complete)
    return { ...base, verdict: 'unknown', why: 'CloudTrail could not be read whole: the calls missing may be the ones that matter' };
  if (after.length === 0) {
    const usedLater = lastUsed !== null && exposedAt !== null && lastUsed > exposedAt;
    return usedLater
      ? {
          ...base,
          verdict: 'unknown',
          why: `IAM says it was last used ${lastUsed}, after exposure, but CloudTrail's event history has no call (a data event, or older than 90 days)`,
        }
      : { ...base, verdict: 'never-used-since-exposure', why: 'no call since exposure in CloudTrail, and IAM agrees' };
  }
  return {
    ...base,
    verdict: 'used-by-known-workload',
    why: `${after.length} call(s) since exposure, all from sources that used it before (${[...known].join(', ')})`,
  };
}
