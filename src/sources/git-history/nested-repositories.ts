// Repositories inside a folder or a work tree (vendored clones, submodules, bare mirrors), each
// read as history under its own name, so findings name the repository they came from.
import { join } from 'node:path';
import { isCredsweepError, StartAgainWithArenaLimit } from '../../errors.js';
import type { ScanContext } from '../run-context.js';
import type { TargetHits } from '../source.js';
import { scanGitHistory } from './read-history.js';
import { discoverRepositories } from './repo-discovery.js';

// One repository that cannot be read does not end the folder's scan: it is an issue naming it.
export async function scanNested(target: string, run: () => Promise<TargetHits>, ctx: ScanContext): Promise<TargetHits[]> {
  try {
    return [await run()];
  } catch (err) {
    if (err instanceof StartAgainWithArenaLimit) throw err;
    const code = isCredsweepError(err) ? err.code : 'GIT_UNREADABLE';
    ctx.issues.push({ code, message: `repository ${target} could not be read as history: ${(err as Error).message}`, path: target });
    return [];
  }
}

/** The name of the repository at `rel` under `target`, as findings and issues give it. */
export function nameOf(target: string, rel: string): string {
  return rel === '.' ? target : join(target, rel);
}

/** The repositories nested inside the work tree of a repository scanned as history (vendored clones, submodules). */
export async function scanNestedRepositories(target: string, workTree: string, ctx: ScanContext): Promise<TargetHits[]> {
  const found = await discoverRepositories(workTree, { skipRoot: true });
  ctx.issues.push(...found.issues);
  const all: TargetHits[] = [];
  for (const repo of found.repositories) {
    const name = nameOf(target, repo.rel);
    all.push(...(await scanNested(name, () => scanGitHistory(name, repo.layout, ctx), ctx)));
  }
  return all;
}
