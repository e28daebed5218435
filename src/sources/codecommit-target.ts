// `codecommit://REGION/REPO` and `codecommit://REGION/*` targets, parsed without loading the AWS
// SDK, so that a run with no such target never pays for it at start-up.
import { UsageError } from '../errors.js';

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

/** Reads `codecommit://REGION/REPO` or `codecommit://REGION/*`. */
export function parseCodeCommitTarget(target: string): CodeCommitTarget {
  const m = /^codecommit:\/\/([a-z]{2}(?:-[a-z]+)+-\d)\/(\*|[\w.-]{1,100})$/.exec(target);
  if (!m) {
    throw new UsageError('USAGE_BAD_TARGET', `${target}: expected codecommit://REGION/REPOSITORY or codecommit://REGION/* (e.g. codecommit://eu-west-1/*)`, { target });
  }
  return { region: m[1] as string, repository: m[2] === '*' ? null : (m[2] as string) };
}
