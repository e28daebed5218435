// Made-up but well-formed values for the incident unit tests: CloudTrail records, key owners and
// findings shaped as the lookup and the scan give them. Key ids and secrets are invented.
import type { KeyOwner } from '../../src/aws/key-owner.js';
import type { KeyReport } from '../../src/incident/gather.js';
import type { TrailRecord } from '../../src/incident/trail-history.js';
import type { Finding, Occurrence } from '../../src/types.js';

export const KEY_ID = 'AKIAQ3EXAMPLEKEY7Z2A';
export const OTHER_KEY_ID = 'AKIAR4NOTOURS5KEY6B3';
export const ACCOUNT = '123456789012';

/** A CloudTrail event made with `KEY_ID`. */
export function call(time: string, eventName: string, sourceIp: string | null, userAgent = 'aws-cli/2.15.0'): TrailRecord {
  return {
    eventId: `${eventName}-${time}`,
    eventName,
    time,
    region: 'eu-west-1',
    sourceIp,
    userAgent,
    principal: 'arn:aws:iam::123456789012:user/deploy-bot',
    accessKeyId: KEY_ID,
    resources: [],
    requestParameters: null,
  };
}

/** A long-term key of ours, active, as IAM describes it. */
export function owner(fields: Partial<KeyOwner> = {}): KeyOwner {
  return {
    accessKeyId: KEY_ID,
    kind: 'long-term',
    account: ACCOUNT,
    accountSource: 'sts',
    relation: 'ours',
    user: 'deploy-bot',
    status: 'Active',
    created: '2025-11-03T09:00:00.000Z',
    userKeys: 1,
    userKeyList: [{ id: KEY_ID, status: 'Active' }],
    lastUsed: '2026-02-10T12:00:00.000Z',
    lastUsedService: 's3',
    lastUsedRegion: 'eu-west-1',
    tags: { team: 'platform' },
    sessionIssuer: null,
    sessionsDeniedBefore: null,
    problems: [],
    notes: [],
    ...fields,
  };
}

/** The report of one key, exposed in a commit and never looked at in CloudTrail. */
export function keyReport(fields: Partial<KeyReport> = {}): KeyReport {
  return {
    owner: owner(),
    exposure: {
      time: '2026-02-01T08:30:00Z',
      committed: '2026-02-01T08:30:00Z',
      target: '/srv/leaked-repo',
      file: 'deploy/settings.env',
      commit: 'c0ffee15ba5eba11c0ffee15ba5eba11c0ffee15',
      author: 'Dana Example',
      refs: ['refs/heads/main'],
    },
    deactivatedAt: null,
    pushedAt: null,
    activity: null,
    activityNote: 'not our account',
    ...fields,
  };
}

function occurrence(fields: Partial<Occurrence>): Occurrence {
  return {
    file: 'deploy/settings.env',
    line: 3,
    column: 23,
    commit: 'c0ffee15ba5eba11c0ffee15ba5eba11c0ffee15',
    author: 'Dana Example',
    email: 'dana@example.org',
    date: '2026-02-01T08:30:00Z',
    refs: ['refs/heads/main'],
    blob: '5a1ad5a1ad5a1ad5a1ad5a1ad5a1ad5a1ad5a1ad',
    ...fields,
  };
}

/** A finding as `scan -f json` writes it, with one occurrence. */
export function finding(fields: Partial<Finding>, at: Partial<Occurrence> = {}): Finding {
  const o = occurrence(at);
  return {
    id: `id-${fields.rule ?? 'aws.secret-access-key'}-${fields.secret ?? ''}`,
    rule: 'aws.secret-access-key',
    ruleName: 'AWS secret access key',
    kind: 'secret',
    severity: 'critical',
    confidence: 'high',
    secret: 'wJm2Qx7Rv4Tz9Lp1Kd8Nf3Hs6Yb0Gc5Ae2Ui4Oq7',
    file: o.file,
    line: o.line,
    column: o.column,
    commit: o.commit,
    author: o.author,
    email: o.email,
    date: o.date,
    target: '/srv/leaked-repo',
    source: 'git',
    occurrences: [o],
    reachable: true,
    atHead: true,
    snippet: '',
    identifier: KEY_ID,
    pairConfidence: 'high',
    ...fields,
  };
}
