// History scan of one repository: the workers read and scan every object of the store in
// pack order (unreachable ones included), then provenance is computed from the commit graph,
// only for the blobs that matched.
import type { BlobProvenance } from '../git/provenance.js';
import { provenanceInPool } from './pooled-provenance.js';
import { limitsFor } from '../git/object-limits.js';
import { ObjectStore } from '../git/object-store.js';
import { peelRefs, type RefSet, readRefValues, readShallow } from '../git/refs.js';
import type { ObjectLocation, RepoLayout } from '../git/git-types.js';
import { newHistorySince } from '../git/new-history.js';
import { judgeCarried, locateAll, newLoose } from './git-rerun.js';
import type { Finding, Match } from '../../types.js';
import { walkReachable } from './reachable.js';
import type { BlobHit, BlobPlace, TargetHits } from '../source.js';
import { isPartialClone } from '../git/partial-clone.js';
import { HistoryArchives, placeOfIntroduction } from './history-archives.js';
import { MAX_LISTED_MISSING, missingIssues, missingToReport } from './history-completeness.js';
import type { MissingObject } from '../jobs.js';
import { absorbJobResult, reportPhase, type ScanContext } from '../run-context.js';
import { NO_COMMITS, type WorkerJob } from '../jobs.js';
import { nestedFindings } from '../sweep-state.js';
import { sweepState, tipsOf, unchangedHits, unchangedTips } from './unchanged-repo.js';

// Small enough that both workers stay busy to the end, large enough that a job's fixed cost
// (a message, and for listed jobs a structured clone of locations) is noise.
function chunkSize(total: number, threads: number): number {
  return Math.min(20_000, Math.max(500, Math.ceil(total / (threads * 16))));
}

// One job's share of the store: a range of one pack (listed by the worker itself) or a list.
type Share = { job: WorkerJobOf<'git-range'> | WorkerJobOf<'git'>; count: number; first?: string };
type WorkerJobOf<T extends WorkerJob['type']> = Extract<WorkerJob, { type: T }>;

// Without a filter every packed object is scanned, so jobs name pack ranges and each worker
// lists its range from its own pack index: no list of every object is built here (about 250
// bytes an object) or copied to the workers. A rerun (--state) lists what is new explicitly.
// Every job carries this thread's pack indexes (shared memory, not copies; with each pack's
// offset order for range jobs), so no worker reads or sorts an index of its own.
function* shares(layout: RepoLayout, store: ObjectStore, listed: ObjectLocation[] | null, threads: number): Generator<Share> {
  let id = 0;
  const indexes = store.sharedIndexes(listed === null);
  if (listed === null) {
    const counts = store.packCounts();
    const size = chunkSize(
      counts.reduce((a, b) => a + b, 0),
      threads,
    );
    for (const [pack, count] of counts.entries()) {
      for (let from = 0; from < count; from += size) {
        const to = Math.min(count, from + size);
        yield { job: { type: 'git-range', id: id++, layout, pack, from, to, indexes }, count: to - from };
      }
    }
    const loose = store.looseObjects();
    for (let i = 0; i < loose.length; i += size) {
      const slice = loose.slice(i, i + size);
      yield { job: { type: 'git', id: id++, layout, locations: slice, indexes }, count: slice.length, first: slice[0]?.oid };
    }
    return;
  }
  const size = chunkSize(listed.length, threads);
  for (let i = 0; i < listed.length; i += size) {
    const slice = listed.slice(i, i + size);
    yield { job: { type: 'git', id: id++, layout, locations: slice, indexes }, count: slice.length, first: slice[0]?.oid };
  }
}

async function scanObjects(
  layout: RepoLayout,
  store: ObjectStore,
  listed: ObjectLocation[] | null,
  ctx: ScanContext,
  archives: HistoryArchives,
): Promise<{ matches: Map<string, Match[]>; commits: Uint8Array[]; links: Uint8Array[]; objects: number; missing: MissingObject[] }> {
  const matches = new Map<string, Match[]>();
  const commits: Uint8Array[] = [];
  const links: Uint8Array[] = [];
  const missing: MissingObject[] = [];
  const jobs: Promise<void>[] = [];
  let objects = 0;
  for (const share of shares(layout, store, listed, ctx.pool.size)) {
    const job = ctx.pool.run(share.job).then((r) => {
      // A range's count includes ids an earlier pack holds, which the worker skips.
      objects += r.fatal ? share.count : r.counters.objects;
      absorbJobResult(ctx, r, matches, { what: `${share.count} objects`, object: share.first });
      if (r.commits.length > 0) {
        commits.push(r.commits);
        links.push(r.links ?? NO_COMMITS);
      }
      if (r.archives) archives.add(r.archives);
      if (r.missing) for (const m of r.missing) missing.push(m);
    });
    jobs.push(job);
  }
  await Promise.all(jobs);
  return { matches, commits, links, objects, missing };
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

// Every commit a ref or a detached HEAD keeps alive.
function currentTips(refs: RefSet): string[] {
  const tips = refs.refs.map((r) => r.oid);
  if (refs.headRef === null && refs.head !== null) tips.push(refs.head);
  return tips;
}

/** Scans every object of the repository at `layout`; `target` is the user's name for it. */
export async function scanGitHistory(target: string, layout: RepoLayout, ctx: ScanContext): Promise<TargetHits> {
  // This thread reads by id only (refs, the commit graph), each read a miss of the scattered
  // window, so that window is kept small: refilling 256 KiB per tree read cost provenance a third
  // of its CPU. Its delta-base cache serves little since provenance's tree walk moved to the scan
  // threads (the commits it still reads are seldom deltas), and on git.git its 32 MiB, filled with
  // commits while the threads still held theirs, took the peak from about 420 to 450-470 MiB.
  const store = ObjectStore.open(layout, {
    limits: limitsFor(ctx.maxBlobSize),
    scatteredBytes: 8 << 10,
    cacheBytes: 8 << 20,
    shareIndexes: true,
  });
  // An issue of this repository's may name a pack, an object or a bundle found inside it rather
  // than the repository: any issue raised while it is read keeps it out of the sweep state (so
  // its ref files' digest is recorded only from a run whose refs all peeled cleanly).
  const issuesBefore = ctx.issues.length;
  try {
    // Pack-level damage found while opening (a truncated pack, a bad idx): objects lost there
    // are not in enumerate(), so this is the only place they can be reported.
    for (const p of layout.problems ?? []) ctx.issues.push(p);
    for (const p of store.problems) {
      ctx.issues.push({ code: p.code, message: p.message, path: typeof p.data.path === 'string' ? p.data.path : undefined });
    }
    const values = readRefValues(layout);
    const previous = ctx.previous?.repositories[target];
    const now = ctx.previous === undefined ? undefined : sweepState(store, values);
    let peeled: RefSet | undefined;
    const peel = () => {
      peeled ??= peelRefs(values, store);
      return peeled;
    };
    const readClean = store.problems.length === 0 && (layout.problems ?? []).length === 0 && values.issues.length === 0;
    const same = unchangedTips(readClean, previous, now, peel);
    if (same !== null) return unchangedHits(target, ctx, same, now);
    const refs = peel();
    const tips = tipsOf(refs);
    const loose = now?.loose;
    // With a sweep state, what the previous run's tips reach was scanned then: read only what the
    // current tips brought since (see git-rerun.ts for what that leaves out).
    const history = previous ? newHistorySince(store, Object.values(previous.tips), currentTips(refs), new Set(readShallow(layout))) : null;
    const listed = history && locateAll(store, [...history.commits, ...history.objects, ...newLoose(loose, previous?.loose)]);
    if (history) ctx.issues.push(...history.issues);
    // Every object of the store, or what is new: the progress line's total, and what the
    // process's memory must be fit for (scan/thread-start.ts).
    const reading = listed?.length ?? store.packCounts().reduce((x, y) => x + y, 0) + store.looseObjects().length;
    ctx.beforeThreads?.(reading);
    ctx.expectedObjects = (ctx.expectedObjects ?? 0) + reading;
    reportPhase(ctx, 'reading objects');
    const archives = new HistoryArchives(target, ctx, (oid) => store.read(oid).data);
    const { matches, commits, links, objects, missing } = await scanObjects(layout, store, listed, ctx, archives);
    const members = await archives.finish();
    ctx.issues.push(...refs.issues);
    const shallow = readShallow(layout);
    const absent = missingToReport(missing, shallow);
    const absentBlobs = absent
      .slice(0, MAX_LISTED_MISSING)
      .filter((m) => m.kind === 'blob')
      .map((m) => m.oid);
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
      reportPhase(ctx, `tracing history for ${wanted.size} blob(s) with findings`);
      const fresh = history && new Set(history.commits);
      const prov = await provenanceInPool(ctx.pool, layout, store, {
        refs,
        commits: [],
        commitIds: commits,
        commitLinks: links,
        wanted,
        shallow,
        ...(fresh ? { known: (c: string) => !fresh.has(c) } : {}),
      });
      ctx.issues.push(...prov.issues.filter((i) => i.code !== 'GIT_SHALLOW'));
      provenanceOf = (oid) => prov.blobs.get(oid);
      for (const [blobId, blobMatches] of matches) blobs.push({ blobId, matches: blobMatches, places: placesOf(prov.blobs.get(blobId)) });
      for (const hit of members.hits) blobs.push({ ...hit, places: archives.placesOf(hit.blobId, (oid) => prov.blobs.get(oid)) });
    }
    // The threads' isolates, caches and open stores are not needed for what is left.
    await ctx.pool.release();
    // An object some walk above already reported missing is not reported twice.
    const reported = new Set(ctx.issues.map((i) => i.object));
    const unreported = absent.filter((m) => !reported.has(m.oid));
    ctx.issues.push(...missingIssues(target, unreported, isPartialClone(layout), provenanceOf));
    const carried =
      previous && history
        ? [
            ...(judgeCarried(previous.findings, Object.values(previous.tips), history, store) ??
              stillInHistory(previous.findings, store, currentTips(refs))),
            // A bundle blob read before is not read again; its history stands while the blob is stored.
            ...nestedFindings(ctx.previous, target, (rest) => store.has(rest.split('!')[0] as string)),
          ]
        : undefined;
    const incomplete = ctx.issues.length > issuesBefore;
    return {
      target,
      source: 'git',
      blobs,
      objects,
      tips,
      ...now,
      ...(carried ? { carried } : {}),
      ...(incomplete ? { incomplete } : {}),
    };
  } finally {
    store.close();
  }
}
