// Runs scan jobs: compiles the rules once, then scans whatever jobs arrive. A git job reads its
// own share of the object store, so inflating and delta resolution run wherever the job runs.
// Worker threads wrap it (worker.ts); small scans run it on the main thread (inline-pool.ts),
// where starting threads and compiling the rules in each would cost more than the scan.
import { DEFAULT_DECODE_DEPTH, scanBlobDecoded } from '../detect/decode-layer.js';
import { compileRules, matchFileName } from '../detect/matcher.js';
import { isCredsweepError } from '../errors.js';
import { markNearKeyIds } from './aws-nearness.js';
import { isSkippedBlob, limitsFor } from '../sources/git/object-limits.js';
import { isBundleHead, openableKind } from '../sources/archive/archive-kind.js';
import { CommitLinkWriter } from '../sources/git/commit-links.js';
import type { CommitLinks } from '../sources/git/commit-parse.js';
import { ObjectStore } from '../sources/git/object-store.js';
import { OidList } from '../sources/git/oid-index.js';
import { ShareWalker } from '../sources/git/provenance-shares.js';
import { parseTree } from '../sources/git/tree-parse.js';
import type { ScanIssue } from '../types.js';
import { NamedObjectCheck } from './named-objects.js';
import {
  type BlobOutcome,
  type MissingObject,
  type BlobsJob,
  emptyCounters,
  NO_COMMITS,
  type GitJob,
  type GitRangeJob,
  type IntroductionsJob,
  type JobCounters,
  type JobResult,
  type WorkerInit,
  type WorkerJob,
} from '../sources/jobs.js';

// Each thread has its own store. Two threads with git's whole 96 MiB delta-base budget each (and a
// 32 MiB read window each) held twice what git holds; reading redis alone with 48 MiB and 16 MiB
// peaked at 236 MiB instead of 326 MiB for about 9% more CPU. With 24 MiB and 4 MiB a whole scan
// of a redis clone peaked 40-70 MiB lower again for about the same CPU; on git.git, with its deep
// delta chains, the scan took up to 9% more CPU (benchmarks/RESULTS.md, 2026-12-07).
const THREAD_STORE = { cacheBytes: 24 << 20, windowBytes: 4 << 20 };

// Trees an introductions job keeps at hand (provenance-trees.ts). Commits come parents first, so
// a parent's trees were read a step earlier: on git.git 8 MiB walked as fast as 32, and two
// threads' caches of 32 took the scan's peak from about 420 to 450-510 MiB.
const PROVENANCE_TREES = 8 << 20;

// A thread's one open object store, with what its jobs keep from one to the next.
interface OpenStore {
  key: string;
  store: ObjectStore;
  named: NamedObjectCheck;
  walker?: ShareWalker;
}

/** Runs jobs against one compiled rule set; `close` releases the open object store. */
export interface JobRunner {
  run(job: WorkerJob): JobResult;
  close(): void;
}

/** Compiles `init.rules` and returns a runner for any number of jobs. */
export function createJobRunner(init: WorkerInit): JobRunner {
  // Rules were checked when loaded; each compiles when a blob first needs it.
  const compiled = compileRules(init.rules, { lazy: true });
  let openStore: OpenStore | null = null;
  const depth = init.decodeDepth ?? DEFAULT_DECODE_DEPTH;

  function storeFor(job: GitJob | GitRangeJob | IntroductionsJob): OpenStore {
    const key = job.layout.objectDirs.join('\0');
    if (openStore?.key !== key) {
      openStore?.store.close();
      const options = { ...THREAD_STORE, limits: limitsFor(init.maxBlobSize), ...(job.indexes ? { sharedIndexes: job.indexes } : {}) };
      const store = ObjectStore.open(job.layout, options);
      openStore = { key, store, named: new NamedObjectCheck(store) };
    }
    return openStore;
  }

  function scanOne(id: string, data: Uint8Array, counters: JobCounters, outcomes: BlobOutcome[]): void {
    if (data.byteLength > init.maxBlobSize) {
      counters.skippedTooLarge++;
      return;
    }
    const result = scanBlobDecoded(compiled, data, id, depth);
    if (result.binary) {
      counters.skippedBinary++;
      return;
    }
    counters.blobs++;
    counters.bytes += data.byteLength;
    counters.suppressed += result.suppressed;
    markNearKeyIds(result.matches, data);
    if (result.notCode && counters.notCode) counters.notCode[result.notCode]++;
    if (result.decodeCapped) counters.decodeCapped = (counters.decodeCapped ?? 0) + 1;
    if (result.matches.length > 0 || result.suppressed > 0) {
      outcomes.push({ id, matches: result.matches, suppressed: result.suppressed });
    }
  }

  function runBlobs(job: BlobsJob): JobResult {
    const counters = emptyCounters();
    const outcomes: BlobOutcome[] = [];
    for (const blob of job.blobs) {
      counters.objects++;
      scanOne(blob.id, blob.data, counters, outcomes);
    }
    return { id: job.id, outcomes, commits: NO_COMMITS, counters, issues: [] };
  }

  // Filename rules see history through trees: each entry a rule's name pattern matches becomes a
  // match on the blob it names. Many trees name the same blob; `named` keeps one outcome per blob.
  function nameBlobs(tree: Buffer, named: Map<string, BlobOutcome>, outcomes: BlobOutcome[]): void {
    if (!compiled.names.mayMatch(tree)) return;
    for (const entry of parseTree(tree)) {
      if (entry.kind !== 'blob' || named.has(entry.oid)) continue;
      const matches = matchFileName(compiled, entry.name, entry.oid);
      if (matches.length === 0) continue;
      const outcome = { id: entry.oid, matches, suppressed: 0 };
      named.set(entry.oid, outcome);
      outcomes.push(outcome);
    }
  }

  function runGit(job: GitJob | GitRangeJob): JobResult {
    const counters = emptyCounters();
    const outcomes: BlobOutcome[] = [];
    const commits = new OidList();
    const links = new CommitLinkWriter();
    const issues: ScanIssue[] = [];
    const named = new Map<string, BlobOutcome>();
    const archives: string[] = [];
    const { store, named: check } = storeFor(job);
    const missing: MissingObject[] = [];
    const locations = job.type === 'git' ? job.locations : store.packObjects(job.pack, job.from, job.to);
    for (const loc of locations) {
      counters.objects++;
      try {
        const obj = store.readAt(loc);
        if (obj.type === 'blob') {
          scanOne(loc.oid, obj.data, counters, outcomes);
          // The archive walker is asynchronous and lives on the coordinating thread, which reads the
          // blob again when its turn comes (only ids wait); one over the size limit was counted
          // too large above and is not opened either.
          const opened = openableKind(obj.data) !== null || isBundleHead(obj.data);
          if (obj.data.byteLength <= init.maxBlobSize && opened) archives.push(loc.oid);
        } else if (obj.type === 'commit') {
          commits.pushHex(loc.oid);
          // A record for every id pushed, even if the check throws, or the two lists would not pair up.
          let parsed: CommitLinks | null = null;
          try {
            parsed = check.commit(loc.oid, obj.data, missing);
          } finally {
            links.push(parsed);
          }
        } else if (obj.type === 'tree') {
          if (compiled.names.size > 0) nameBlobs(obj.data, named, outcomes);
          check.tree(loc.oid, obj.data, missing);
        }
      } catch (err) {
        if (isSkippedBlob(err)) {
          counters.skippedTooLarge++;
          continue;
        }
        if (!isCredsweepError(err)) throw err;
        issues.push({ code: err.code, message: err.message, object: loc.oid });
      }
    }
    return {
      id: job.id,
      outcomes,
      commits: commits.copy(),
      ...(commits.length > 0 ? { links: links.copy() } : {}),
      counters,
      issues,
      ...(archives.length > 0 ? { archives } : {}),
      ...(missing.length > 0 ? { missing } : {}),
    };
  }

  function runIntroductions(job: IntroductionsJob): JobResult {
    const open = storeFor(job);
    open.walker ??= new ShareWalker(open.store, PROVENANCE_TREES);
    const { introductions, issues } = open.walker.walk(job);
    return { id: job.id, outcomes: [], commits: NO_COMMITS, counters: emptyCounters(), issues, introductions };
  }

  function run(job: WorkerJob): JobResult {
    try {
      if (job.type === 'introductions') return runIntroductions(job);
      return job.type === 'blobs' ? runBlobs(job) : runGit(job);
    } catch (err) {
      const e = err as Error;
      return {
        id: job.id,
        outcomes: [],
        commits: NO_COMMITS,
        counters: emptyCounters(),
        issues: [],
        fatal: { code: isCredsweepError(e) ? e.code : 'INTERNAL', message: e.stack ?? e.message },
      };
    }
  }

  return {
    run,
    close() {
      openStore?.store.close();
      openStore = null;
    },
  };
}
