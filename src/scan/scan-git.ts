// History scan of one repository: the workers read and scan every object of the store in
// pack order (unreachable ones included), then provenance is computed from the commit graph,
// only for the blobs that matched.
import { computeProvenance } from '../sources/git/provenance.js';
import { ObjectStore } from '../sources/git/object-store.js';
import { readRefs, readShallow } from '../sources/git/refs.js';
import type { ObjectLocation, RepoLayout } from '../sources/git/git-types.js';
import type { Finding, Match } from '../types.js';
import { walkReachable } from './reachable.js';
import type { BlobHit, BlobPlace, TargetHits } from './group-findings.js';
import { absorbJobResult, reportPhase, type ScanContext } from './scan-context.js';

// Small enough that both workers stay busy to the end, large enough that a job's fixed cost
// (a message, a structured clone of locations) is noise.
function chunkSize(total: number, threads: number): number {
  return Math.min(20_000, Math.max(500, Math.ceil(total / (threads * 16))));
}

async function scanObjects(
  layout: RepoLayout,
  locations: ObjectLocation[],
  ctx: ScanContext,
): Promise<{ matches: Map<string, Match[]>; commits: string[] }> {
  const matches = new Map<string, Match[]>();
  const commits: string[] = [];
  const size = chunkSize(locations.length, ctx.pool.size);
  const jobs: Promise<void>[] = [];
  for (let i = 0, id = 0; i < locations.length; i += size, id++) {
    const slice = locations.slice(i, i + size);
    const job = ctx.pool
      .run({ type: 'git', id, layout, locations: slice })
      .then((r) => {
        absorbJobResult(ctx, r, matches, { what: `${slice.length} objects`, object: slice[0]?.oid });
        for (const c of r.commits) commits.push(c);
      });
    jobs.push(job);
  }
  await Promise.all(jobs);
  return { matches, commits };
}

// An earlier finding stays open while a commit that brought it in is still reachable (or, for a
// blob no commit named, while the blob is still stored).
function stillInHistory(findings: Finding[], store: ObjectStore, tips: string[]): Finding[] {
  const commits = walkReachable(store, tips, false).commits;
  return findings.filter((f) => f.occurrences.some((o) => (o.commit === null ? store.has(o.blob) : commits.has(o.commit))));
}

/** Scans every object of the repository at `layout`; `target` is the user's name for it. */
export async function scanGitHistory(target: string, layout: RepoLayout, ctx: ScanContext): Promise<TargetHits> {
  const store = ObjectStore.open(layout);
  try {
    // Pack-level damage found while opening (a truncated pack, a bad idx): objects lost there
    // are not in enumerate(), so this is the only place they can be reported.
    for (const p of store.problems) {
      ctx.issues.push({ code: p.code, message: p.message, path: typeof p.data.path === 'string' ? p.data.path : undefined });
    }
    const refs = readRefs(layout, store);
    const previous = ctx.previous?.repositories[target];
    // With a sweep state, blobs the previous run's tips reach were scanned then: skip them.
    const seen = previous ? walkReachable(store, Object.values(previous.tips), true).blobs : null;
    const all = store.enumerate();
    const locations = seen ? all.filter((l) => !seen.has(l.oid)) : all;
    ctx.expectedObjects = (ctx.expectedObjects ?? 0) + locations.length;
    reportPhase(ctx, 'reading objects');
    const { matches, commits } = await scanObjects(layout, locations, ctx);
    ctx.issues.push(...refs.issues);
    const shallow = readShallow(layout);
    if (layout.shallow) {
      ctx.issues.push({
        code: 'GIT_SHALLOW',
        message: `${target} is a shallow clone: history before ${shallow.length} boundary commit(s) is not present; run \`git fetch --unshallow\` and scan again`,
        path: target,
      });
    }
    const blobs: BlobHit[] = [];
    if (matches.size > 0) {
      reportPhase(ctx, `tracing history for ${matches.size} blob(s) with findings`);
      const prov = computeProvenance(store, { refs, commits, wanted: new Set(matches.keys()), shallow });
      ctx.issues.push(...prov.issues.filter((i) => i.code !== 'GIT_SHALLOW'));
      for (const [blobId, blobMatches] of matches) {
        const p = prov.blobs.get(blobId);
        const places: BlobPlace[] =
          p && p.introductions.length > 0
            ? p.introductions.map((i) => ({
                file: i.path,
                commit: i.commit,
                author: i.author,
                email: i.email,
                date: i.date,
                committerDate: i.committerDate,
                refs: i.refs,
                refCount: i.refCount,
                reachable: i.reachable,
                atHead: p.atHead,
              }))
            : [{ file: null, commit: null, author: null, email: null, date: null, refs: [], reachable: false, atHead: false }];
        blobs.push({ blobId, matches: blobMatches, places });
      }
    }
    const tips = Object.fromEntries(refs.refs.map((r) => [r.name, r.oid]));
    const carried = previous ? stillInHistory(previous.findings, store, Object.values(tips)) : undefined;
    return { target, source: 'git', blobs, objects: locations.length, tips, ...(carried ? { carried } : {}) };
  } finally {
    store.close();
  }
}
