// Gathers what the incident report tells, from a scan's findings and from AWS: per exposed key its
// owner (keys), when it was exposed, deactivated and last used, and its CloudTrail history since
// exposure (key-story.ts); who pulled each exposed CodeCommit repository in that window; and what
// the intelligence findings give away. Nothing here changes anything in AWS.
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { awsErrorText } from '../aws/aws-error.js';
import { createS3Client, throttledClientSettings } from '../aws/clients.js';
import type { KeyOwner, OurAccount, OwnerLookupOptions } from '../aws/key-owner.js';
import type { Finding, Occurrence } from '../types.js';
import { type ContainmentItem, containmentOf } from './containment.js';
import { analyseKey, type KeyActivity } from './key-story.js';
import { concerns, exposedRepository } from './repository.js';
import { lookupTrail, type TrailRecord } from './trail-history.js';

/** Where and when a key was first exposed: its earliest commit. */
export interface Exposure {
  time: string | null;
  /** The commit's committer date, when the findings carry it. */
  committed: string | null;
  target: string;
  file: string | null;
  commit: string | null;
  author: string | null;
  /** The commit's subject line, when the findings carry it. */
  subject?: string;
  refs: string[];
  /** For a key exposed only in S3: the object's version whose LastModified is `time`. */
  s3Version?: string | null;
}

/** One exposed key, told whole. */
export interface KeyReport {
  owner: KeyOwner;
  exposure: Exposure;
  deactivatedAt: string | null;
  /** When the commit was first pushed to the repository (CloudTrail GitPush), where recorded. */
  pushedAt: string | null;
  activity: KeyActivity | null;
  /** Why there is no activity: not ours, or CloudTrail could not be read. */
  activityNote: string | null;
}

/** Who pulled one exposed repository. */
export interface PullReport {
  target: string;
  pulls: TrailRecord[] | null;
  note: string;
}

/** Everything the report needs. */
export interface IncidentData {
  keys: KeyReport[];
  pulls: PullReport[];
  containment: ContainmentItem[];
  problems: string[];
}

/** What every step of the gathering shares: where to ask, as of when, and where problems go. */
interface Gathering {
  accounts: OurAccount[];
  options: OwnerLookupOptions;
  now: Date;
  problems: string[];
}

const DAY = 86_400_000;
// Calls in the weeks before exposure show the key's normal workload.
const BASELINE_DAYS = 30;

function firstExposure(findings: Finding[], keyId: string, keyIdOf: (f: Finding) => string | null): Exposure {
  let best: { o: Occurrence; f: Finding } | null = null;
  for (const f of findings) {
    if (keyIdOf(f) !== keyId) continue;
    for (const o of f.occurrences) if (!best || (o.date ?? '\uffff') < (best.o.date ?? '\uffff')) best = { o, f };
  }
  if (!best) return { time: null, committed: null, target: '', file: null, commit: null, author: null, refs: [] };
  return {
    time: best.o.date,
    committed: best.o.committerDate ?? null,
    target: best.o.target ?? best.f.target,
    file: best.o.file,
    commit: best.o.commit,
    author: best.o.author,
    ...(best.o.subject === undefined ? {} : { subject: best.o.subject }),
    refs: best.o.refs,
  };
}

// A key found only in an S3 object has no commit date: the object's LastModified (and version)
// says since when it is exposed, which gives the verdict its baseline.
async function s3Exposure(e: Exposure, options: OwnerLookupOptions, problems: string[]): Promise<Exposure> {
  if (e.time !== null || !e.target.startsWith('s3://')) return e;
  const [bucket = '', ...rest] = e.target.slice('s3://'.length).split('/');
  const key = rest.join('/');
  if (!key) return e;
  const client = createS3Client(options.region, options);
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { ...e, time: head.LastModified?.toISOString() ?? null, s3Version: head.VersionId ?? null };
  } catch (err) {
    problems.push(`${e.target}: its LastModified could not be read (${awsErrorText(err)}), so its exposure time is unknown`);
    return e;
  } finally {
    client.destroy();
  }
}

function trailClient(options: OwnerLookupOptions, account: OurAccount): CloudTrailClient {
  return new CloudTrailClient(throttledClientSettings(options.region, options, account.credentials));
}

async function keyReport(owner: KeyOwner, exposure: Exposure, g: Gathering): Promise<KeyReport> {
  const { accounts, options, now, problems } = g;
  const base = { owner, exposure, deactivatedAt: null, pushedAt: null };
  const account = accounts.find((a) => a.id === owner.account && a.reachable);
  if (owner.relation !== 'ours' || !account) {
    return {
      ...base,
      activity: null,
      activityNote:
        owner.relation === 'ours'
          ? 'no --role-arn reaches its account: CloudTrail not read'
          : `not our account (${owner.relation}): its CloudTrail is its owner's`,
    };
  }
  const exposedAt = exposure.time ? new Date(exposure.time) : null;
  const from = new Date((exposedAt ?? now).getTime() - BASELINE_DAYS * DAY);
  const client = trailClient(options, account);
  try {
    const used = await lookupTrail(client, 'AccessKeyId', owner.accessKeyId, from, now);
    const changes = await lookupTrail(client, 'ResourceName', owner.accessKeyId, from, now);
    for (const p of [used.problem, changes.problem]) if (p) problems.push(p);
    const deactivation = changes.records.find((r) => r.eventName === 'UpdateAccessKey' && r.requestParameters?.status === 'Inactive');
    const cut = exposedAt?.getTime() ?? 0;
    const before = used.records.filter((r) => Date.parse(r.time) < cut);
    const after = used.records.filter((r) => Date.parse(r.time) >= cut);
    // A commit is pushed after it is made: the committer date, when known, starts the search.
    const pushedAt = await firstPush(exposure, exposure.committed ? new Date(exposure.committed) : exposedAt, g);
    return {
      ...base,
      deactivatedAt: deactivation?.time ?? null,
      pushedAt,
      activity: analyseKey(before, after, owner.lastUsed, exposure.time, used.complete),
      activityNote: null,
    };
  } finally {
    client.destroy();
  }
}

// The first GitPush to the exposing repository at or after the commit (CodeCommit only).
async function firstPush(
  exposure: Exposure,
  exposedAt: Date | null,
  { accounts, options, now, problems }: Gathering,
): Promise<string | null> {
  const repo = exposedRepository(exposure.target, accounts);
  if (!repo?.account || !exposedAt) return null;
  const client = trailClient({ ...options, region: repo.region }, repo.account);
  try {
    const pushes = await lookupTrail(client, 'EventName', 'GitPush', exposedAt, now);
    if (pushes.problem) problems.push(pushes.problem);
    return pushes.records.find((r) => concerns(r, repo))?.time ?? null;
  } finally {
    client.destroy();
  }
}

async function pullReport(target: string, since: Date, { accounts, options, now, problems }: Gathering): Promise<PullReport> {
  if (target.startsWith('s3://')) {
    return {
      target,
      pulls: null,
      note: "unknown: reads of S3 objects are data events, which CloudTrail's event history does not hold; query the trail's S3 data events (CloudTrail Lake or Athena) where they are logged",
    };
  }
  const repo = exposedRepository(target, accounts);
  if (!repo) return { target, pulls: null, note: 'unknown: not a repository whose access AWS logs' };
  if (!repo.account) return { target, pulls: null, note: `unknown: no --role-arn reaches account ${repo.accountId}` };
  const client = trailClient({ ...options, region: repo.region }, repo.account);
  try {
    const pulls = await lookupTrail(client, 'EventName', 'GitPull', since, now);
    if (pulls.problem) problems.push(pulls.problem);
    const mine = pulls.records.filter((r) => concerns(r, repo));
    const note = pulls.complete
      ? `${mine.length} GitPull call(s) since the first exposure`
      : 'incomplete: CloudTrail could not be read whole';
    return { target, pulls: mine, note };
  } finally {
    client.destroy();
  }
}

/** What the gathering starts from: the keys lookup's owners and accounts, and how to ask AWS. */
export interface GatherInput {
  owners: KeyOwner[];
  accounts: OurAccount[];
  options: OwnerLookupOptions;
  /** The key id a finding names (src/enrich). */
  keyIdOf: (f: Finding) => string | null;
  now?: Date;
}

/** Gathers the report's facts about `findings`. */
export async function gatherIncident(findings: Finding[], input: GatherInput): Promise<IncidentData> {
  const { owners, accounts, options, keyIdOf, now = new Date() } = input;
  const problems: string[] = [];
  const g: Gathering = { accounts, options, now, problems };
  const keys: KeyReport[] = [];
  for (const owner of owners) {
    const exposure = await s3Exposure(firstExposure(findings, owner.accessKeyId, keyIdOf), options, problems);
    keys.push(await keyReport(owner, exposure, g));
  }
  const secrets = findings.filter((f) => f.kind === 'secret');
  const dates = secrets
    .flatMap((f) => f.occurrences.map((o) => o.date))
    .filter((d): d is string => d !== null)
    .sort();
  const since = new Date(dates[0] ?? now.toISOString());
  const targets = [...new Set(secrets.flatMap((f) => f.occurrences.map((o) => o.target ?? f.target)))].sort();
  const pulls: PullReport[] = [];
  for (const t of targets) pulls.push(await pullReport(t, since, g));
  const containment = await containmentOf(targets, options, accounts);
  for (const c of containment) if (c.status.startsWith('unknown')) problems.push(`${c.target}: containment status ${c.status}`);
  return { keys, pulls, containment, problems };
}
