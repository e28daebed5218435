// Provenance with its tree walk on the scan's threads. After the scan they sit idle, and on a
// long history the walk is most of provenance (git.git: 17 of 20 s alone on this thread); the
// commit graph and the refs reaching each commit are still worked out here, once.
import type { ObjectStore } from '../git/object-store.js';
import { finishProvenance, planProvenance, type ProvenanceInput, type ProvenanceResult } from '../git/provenance.js';
import { provenanceShares } from '../git/provenance-shares.js';
import type { RawIntroduction } from '../git/provenance-walk.js';
import type { RepoLayout } from '../git/git-types.js';
import type { JobResult, ScanPool } from '../jobs.js';
import type { ScanIssue } from '../../types.js';

// Several runs per thread so one slow stretch of history does not leave the other thread idle at
// the end; long enough that each run's cold start (its first commit's trees are not cached) is noise.
function shareSize(commits: number, threads: number): number {
  return Math.min(8192, Math.max(256, Math.ceil(commits / (threads * 8))));
}

/** computeProvenance's answer, its tree walk run as jobs of `pool` over `layout`'s object store. */
export async function provenanceInPool(
  pool: ScanPool,
  layout: RepoLayout,
  store: ObjectStore,
  input: ProvenanceInput,
): Promise<ProvenanceResult> {
  const plan = planProvenance(store, input);
  const indexes = store.sharedIndexes(false);
  const runs: Promise<JobResult>[] = [];
  let id = 0;
  for (const share of provenanceShares(plan, shareSize(plan.order.length, pool.size))) {
    // Copied, not transferred (a share is at most 8,192 commits, about 400 KB): a lost job's
    // issue counts its commits from this side.
    runs.push(pool.run({ type: 'introductions', id: id++, layout, indexes, ...share }));
  }
  // Each run's introductions and issues in walk order, as one thread walking them all would list them.
  const raw: RawIntroduction[] = [];
  const issues: ScanIssue[] = [];
  for (const r of await Promise.all(runs)) {
    if (r.fatal) issues.push({ code: r.fatal.code, message: `provenance could not walk some commits' trees: ${r.fatal.message}` });
    issues.push(...r.issues);
    for (const intro of r.introductions ?? []) raw.push(intro);
  }
  return finishProvenance(store, plan, raw, issues);
}
