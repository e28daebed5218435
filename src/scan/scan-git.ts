// History scan of one repository: the workers read and scan every object of the store in
// pack order (unreachable ones included), then provenance is computed from the commit graph,
// only for the blobs that matched.
import { type BlobProvenance, computeProvenance } from '../sources/git/provenance.js';
import { ObjectStore } from '../sources/git/object-store.js';
import { readRefs, readShallow } from '../sources/git/refs.js';
import type { ObjectLocation, RepoLayout } from '../sources/git/git-types.js';
import type { Finding, Match } from '../types.js';
import { walkReachable } from './reachable.js';
import type { BlobHit, BlobPlace, TargetHits } from './group-findings.js';
import { isPartialClone } from '../sources/git/partial-clone.js';
import { HistoryArchives, placeOfIntroduction } from './history-archives.js';
import { MAX_LISTED_MISSING, missingIssues, missingToReport } from './history-completeness.js';
import type { MissingObject } from './worker-protocol.js';
import { absorbJobResult, type ScanContext } from './scan-context.js';

// Small enough that both workers stay busy to the end, large enough that a job's fixed cost
// (a message, a structured clone of locations) is noise.
function chunkSize(total: number, threads: number): number {
  return Math.min(20_000, Math.max(500, Math.ceil(total / (threads * 16))));
}

async function scanObjects(
  layout: RepoLayout,
  locations: ObjectLocation[],
  ctx: ScanContext,
  archives: HistoryArchives,
): Promise<{ matches: Map<string, Match[]>; commits: string[]; missing: MissingObject[] }> {
  const matches = new Map<string, Match[]>();
  const commits: string[] = [];
  const missing: MissingObject[] = [];
  const size = chunkSize(locations.length, ctx.pool.size);
  const jobs: Promise<void>[] = [];
  for (let i = 0, id = 0; i < locations.length; i += size, id++) {
    const slice = locations.slice(i, i + size);
    const job = ctx.pool
      .run({ type: 'git', id, layout, locations: slice })
      .then((r) => {
        absorbJobResult(ctx, r, matches, { what: `${slice.length} objects`, object: slice[0]?.oid });
        for (const c of r.commits) commits.push(c);
        if (r.archives) archives.add(r.archives);
        if (r.missing) for (const m of r.missing) missing.push(m);
      });
    jobs.push(job);
  }
  await Promise.all(jobs);
  return { matches, commits, missing };
}

// An earlier finding stays open while a commit that brought it in is still reachable (or, for a
// blob no commit named, while the blob is still stored).
function stillInHistory(findings: Finding[], store: ObjectStore, tips: string[]): Finding[] {
  const commits = walkReachable(store, tips, false).commits;
  return findings.filter((f) => f.occurrences.some((o) => (o.commit === null ? store.has(o.blob) : commits.has(o.commit))));
}

// Where a blob sits in history: each commit and path that introduced it, or nowhere (dangling).
function placesOf(p: BlobProvenance | undefined): BlobPlace[] {
  if (!p || p.introductions.length === 0) {
    return [{ file: null, commit: null, author: null, email: null, date: null, refs: [], reachable: false, atHead: false }];
  }
  return p.introductions.map((i) => placeOfIntroduction(i, p.atHead));
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
    const archives = new HistoryArchives(target, ctx);
    const { matches, commits, missing } = await scanObjects(layout, locations, ctx, archives);
    const members = await archives.finish();
    ctx.issues.push(...refs.issues);
    const shallow = readShallow(layout);
    const absent = missingToReport(missing, shallow);
    const absentBlobs = absent.slice(0, MAX_LISTED_MISSING).filter((m) => m.kind === 'blob').map((m) => m.oid);
    if (layout.shallow) {
      ctx.issues.push({
        code: 'GIT_SHALLOW',
        message: `${target} is a shallow clone: history before ${shallow.length} boundary commit(s) is not present; run \`git fetch --unshallow\` and scan again`,
        path: target,
      });
    }
    const blobs: BlobHit[] = [];
    let provenanceOf: (oid: string) => BlobProvenance | undefined = () => undefined;
    if (matches.size > 0 || members.hits.length > 0 || absentBlobs.length > 0) {
      const wanted = new Set([...matches.keys(), ...members.archives, ...absentBlobs]);
      const prov = computeProvenance(store, { refs, commits, wanted, shallow });
      ctx.issues.push(...prov.issues.filter((i) => i.code !== 'GIT_SHALLOW'));
      provenanceOf = (oid) => prov.blobs.get(oid);
      for (const [blobId, blobMatches] of matches) blobs.push({ blobId, matches: blobMatches, places: placesOf(prov.blobs.get(blobId)) });
      for (const hit of members.hits) blobs.push({ ...hit, places: archives.placesOf(hit.blobId, (oid) => prov.blobs.get(oid)) });
    }
    // An object some walk above already reported missing is not reported twice.
    const reported = new Set(ctx.issues.map((i) => i.object));
    const unreported = absent.filter((m) => !reported.has(m.oid));
    ctx.issues.push(...missingIssues(target, unreported, isPartialClone(layout), provenanceOf));
    const tips = Object.fromEntries(refs.refs.map((r) => [r.name, r.oid]));
    const carried = previous ? stillInHistory(previous.findings, store, Object.values(tips)) : undefined;
    return { target, source: 'git', blobs, objects: locations.length, tips, ...(carried ? { carried } : {}) };
  } finally {
    store.close();
  }
}
