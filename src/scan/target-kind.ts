// Decides how a target is read: history (a git repository), files on disk, or stdin.
import { stat } from 'node:fs/promises';
import { CredsweepError, SourceError } from '../errors.js';
import { locateRepository } from '../sources/git/repo-layout.js';
import type { RepoLayout } from '../sources/git/git-types.js';

export type TargetPlan =
  | { kind: 'stdin' }
  | { kind: 'files'; path: string; /** A single file rather than a directory. */ single: boolean }
  | { kind: 'git'; layout: RepoLayout };

/** Classifies one target; throws SourceError when it does not exist. */
export async function planTarget(target: string, history: boolean): Promise<TargetPlan> {
  if (target === '-') return { kind: 'stdin' };
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(target);
  } catch (err) {
    throw new SourceError('SOURCE_NOT_FOUND', `target ${target} cannot be read: ${(err as Error).message}`, {
      target,
    });
  }
  if (!info.isDirectory() || !history) return { kind: 'files', path: target, single: !info.isDirectory() };
  try {
    return { kind: 'git', layout: await locateRepository(target) };
  } catch (err) {
    if (err instanceof CredsweepError && err.code === 'SOURCE_NOT_A_REPO') return { kind: 'files', path: target, single: false };
    throw err;
  }
}
