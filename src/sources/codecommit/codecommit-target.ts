// `codecommit://REGION/REPO`, `codecommit://REGION/*` and `codecommit://*` targets, parsed without
// loading the AWS SDK, so that a run with no such target never pays for it at start-up.
import { UsageError } from '../../errors.js';

/** A parsed `codecommit://` target. */
export interface CodeCommitTarget {
  region: string;
  /** A repository name, or null for every repository of the region. */
  repository: string | null;
}

/** Whether a target is a `codecommit://` URL. */
export function isCodeCommitTarget(target: string): boolean {
  return target.startsWith('codecommit://');
}

/**
 * The regions where CodeCommit is offered (AWS's regional endpoint list for the service), which
 * `codecommit://*` sweeps unless --region narrows it.
 */
export const CODECOMMIT_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-east-1',
  'me-south-1',
  'me-central-1',
  'af-south-1',
  'il-central-1',
];

/**
 * Reads `codecommit://REGION/REPO`, `codecommit://REGION/*`, or `codecommit://*` (every region in
 * `regions`, default {@link CODECOMMIT_REGIONS}); one target per region.
 */
export function parseCodeCommitTarget(target: string, regions: readonly string[] = CODECOMMIT_REGIONS): CodeCommitTarget[] {
  if (target === 'codecommit://*') return regions.map((region) => ({ region, repository: null }));
  const m = /^codecommit:\/\/([a-z]{2}(?:-[a-z]+)+-\d)\/(\*|[\w.-]{1,100})$/.exec(target);
  if (!m) {
    throw new UsageError(
      'USAGE_BAD_TARGET',
      `${target}: expected codecommit://REGION/REPOSITORY, codecommit://REGION/* or codecommit://* (e.g. codecommit://eu-west-1/*)`,
      { target },
    );
  }
  return [{ region: m[1] as string, repository: m[2] === '*' ? null : (m[2] as string) }];
}
