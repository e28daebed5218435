// An exposed CodeCommit repository as findings name it (`codecommit://[ACCOUNT@]REGION/NAME`, see
// codecommit-source.ts), the account of ours that reaches it, and whether a CloudTrail event is
// about it.
import type { OurAccount } from '../aws/key-owner.js';
import type { TrailRecord } from './trail-history.js';

export interface ExposedRepository {
  region: string;
  name: string;
  /** The account it lives in: named in the target, else the caller's own (the first of ours). */
  accountId: string | null;
  arn: string;
  /** Credentials of ours that reach that account, if any do. */
  account: OurAccount | undefined;
}

/** The repository a target names, or null when it is not a CodeCommit repository. */
export function exposedRepository(target: string, accounts: OurAccount[]): ExposedRepository | null {
  const m = /^codecommit:\/\/(?:(\d{12})@)?([a-z0-9-]+)\/(.+)$/.exec(target);
  if (!m) return null;
  const region = m[2] as string;
  const name = m[3] as string;
  const accountId = m[1] ?? accounts[0]?.id ?? null;
  return {
    region,
    name,
    accountId,
    arn: `arn:aws:codecommit:${region}:${accountId ?? 'ACCOUNT'}:${name}`,
    account: accounts.find((a) => a.id === accountId && a.reachable),
  };
}

/** Whether a CodeCommit event (GitPush, GitPull) concerns the repository, by name or ARN. */
export function concerns(record: TrailRecord, repo: ExposedRepository): boolean {
  return (
    record.resources.some((x) => x === repo.name || x.endsWith(`:${repo.name}`)) || record.requestParameters?.repositoryName === repo.name
  );
}
