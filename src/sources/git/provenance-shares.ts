// Provenance's tree walk in parts: a commit's introductions need only its root tree and its
// parents' root trees, so a plan's commits are cut into runs (in walk order, so a parent's tree
// is usually still in the walking thread's cache) that any thread with the object store can walk.
// On git.git the walk is most of provenance (tree reads and comparisons, 17 of 20 s), and it ran
// on one thread while the scan threads sat idle.

import type { ScanIssue } from '../../types.js';
import type { ObjectReader } from './git-types.js';
import { parentsOf, rootOf } from './provenance-graph.js';
import { IssueLog } from './provenance-issues.js';
import type { ProvenancePlan } from './provenance.js';
import { RawTreeCache } from './provenance-trees.js';
import { IntroductionWalk, type RawIntroduction, WantedBlobs } from './provenance-walk.js';
import { TreeDiffer } from './tree-diff.js';

const OID_BYTES = 20;

/** A run of commits to walk: plain data, so it can be posted to another thread. */
export interface ProvenanceShare {
  /** Blob ids with findings. */
  wanted: string[];
  /** Graph index of each commit, in walk order (only reported back). */
  commits: Int32Array;
  /** How many parents each commit has. */
  parentCounts: Int32Array;
  /** Per commit, its root tree id and then its parents' root tree ids, 20 bytes each, back to back. */
  trees: Uint8Array;
}

/** What walking a share found: its introductions in walk order, and the trees it could not read. */
export interface ShareResult {
  introductions: RawIntroduction[];
  issues: ScanIssue[];
}

/** The plan's commits cut into runs of about `size`, in walk order. */
export function* provenanceShares(plan: ProvenancePlan, size: number): Generator<ProvenanceShare> {
  const { graph, order } = plan;
  if (plan.wanted.size === 0) return;
  const wanted = [...plan.input.wanted];
  for (let from = 0; from < order.length; from += size) {
    const commits = order.slice(from, Math.min(order.length, from + size));
    const parentCounts = new Int32Array(commits.length);
    let treeCount = commits.length;
    commits.forEach((commit, k) => {
      parentCounts[k] = parentsOf(graph, commit).length;
      treeCount += parentCounts[k] as number;
    });
    const trees = new Uint8Array(treeCount * OID_BYTES);
    let at = 0;
    for (const commit of commits) {
      trees.set(rootOf(graph, commit), at);
      at += OID_BYTES;
      for (const parent of parentsOf(graph, commit)) {
        trees.set(rootOf(graph, parent), at);
        at += OID_BYTES;
      }
    }
    yield { wanted, commits, parentCounts, trees };
  }
}

/**
 * Walks shares over one thread's object store. The module and the wanted-id filter (2 MiB each)
 * are kept from one share to the next, as every share of a scan wants the same blobs: made anew
 * for each, they were garbage enough to show in the peak RSS of a small repository's scan.
 */
export class ShareWalker {
  private readonly differ = new TreeDiffer();
  private wanted: { key: string; blobs: WantedBlobs } | null = null;

  constructor(
    private readonly reader: ObjectReader,
    private readonly treeCacheBytes?: number,
  ) {}

  /** Walks one share's commits. */
  walk(share: ProvenanceShare): ShareResult {
    const key = share.wanted.join();
    if (this.wanted?.key !== key) this.wanted = { key, blobs: new WantedBlobs(new Set(share.wanted)) };
    // A cache and a log of each share's own, so its issues do not depend on what the thread walked before.
    const log = new IssueLog();
    const walk = new IntroductionWalk(this.wanted.blobs, new RawTreeCache(this.reader, log, this.treeCacheBytes), log, this.differ);
    const trees = Buffer.from(share.trees.buffer, share.trees.byteOffset, share.trees.byteLength);
    let at = 0;
    const tree = () => {
      const oid = trees.subarray(at, at + OID_BYTES);
      at += OID_BYTES;
      return oid;
    };
    share.commits.forEach((commit, k) => {
      const root = tree();
      const parents = Array.from({ length: share.parentCounts[k] as number }, tree);
      walk.visit(commit, root, parents);
    });
    return { introductions: walk.found, issues: log.issues };
  }
}
