// Decides how a target is read: history (a git repository), its staged change, files on disk,
// or stdin.
import { stat } from 'node:fs/promises';
import { CredsweepError, SourceError, UsageError } from '../errors.js';
import { locateRepository } from './git/repo-layout.js';
import { isCodeCommitTarget, parseCodeCommitTarget } from './codecommit/codecommit-target.js';
import { isRemoteGitUrl } from './remote/remote-url.js';
import { isS3Target, parseS3Target } from './s3/s3-target.js';
import { isBundleFile } from './bundle/bundle-source.js';
import type { RepoLayout } from './git/git-types.js';

export type TargetPlan =
  | { kind: 'stdin' }
  | { kind: 'files'; path: string /** A single file rather than a directory. */; single: boolean }
  | { kind: 'git'; layout: RepoLayout }
  | { kind: 'staged'; layout: RepoLayout }
  | { kind: 'range'; layout: RepoLayout; revisionSets: string[][] }
  | { kind: 'remote'; url: string }
  | { kind: 'codecommit'; target: string }
  | { kind: 'bundle'; path: string }
  | { kind: 's3'; target: string };

/** How targets are to be read, from the command line. */
export interface PlanOptions {
  /** Read git history where a target is a repository. */
  history: boolean;
  /** Read only the staged change of each target, which must be a repository with a work tree. */
  staged: boolean;
  /** Read only the commits these `git log` revision lists select (one log each), when set. */
  revisionSets?: string[][];
}

/** Classifies one target; throws SourceError when it does not exist or cannot be read as asked. */
export async function planTarget(target: string, options: PlanOptions): Promise<TargetPlan> {
  if (options.staged) {
    if (target === '-') throw new UsageError('USAGE_STAGED_STDIN', '--staged reads a repository, not stdin', { target });
    return { kind: 'staged', layout: await locateRepository(target) };
  }
  if (options.revisionSets) {
    if (target === '-') throw new UsageError('USAGE_RANGE_STDIN', 'a commit range is read from a repository, not stdin', { target });
    return { kind: 'range', layout: await locateRepository(target), revisionSets: options.revisionSets };
  }
  const { history } = options;
  if (target === '-') return { kind: 'stdin' };
  if (isRemoteGitUrl(target)) return { kind: 'remote', url: target };
  if (isS3Target(target)) {
    parseS3Target(target); // a malformed target fails before any scanning
    return { kind: 's3', target };
  }
  if (isCodeCommitTarget(target)) {
    parseCodeCommitTarget(target); // a malformed target fails before any scanning
    return { kind: 'codecommit', target };
  }
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(target);
  } catch (err) {
    throw new SourceError('SOURCE_NOT_FOUND', `target ${target} cannot be read: ${(err as Error).message}`, {
      target,
    });
  }
  if (!info.isDirectory() && history && (await isBundleFile(target))) return { kind: 'bundle', path: target };
  if (!info.isDirectory() || !history) return { kind: 'files', path: target, single: !info.isDirectory() };
  try {
    return { kind: 'git', layout: await locateRepository(target) };
  } catch (err) {
    if (err instanceof CredsweepError && err.code === 'SOURCE_NOT_A_REPO') return { kind: 'files', path: target, single: false };
    throw err;
  }
}
