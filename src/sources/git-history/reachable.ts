// What a set of commits reaches: the commits behind them and, when asked, every blob of their
// trees. The nightly sweep uses it to skip blobs a previous run already scanned (those reachable
// from the tips it recorded) and to tell whether an old finding's commit is still in history.
// Blobs are collected from tree entries without being read; only commits and trees are read.
import { isCredsweepError } from '../../errors.js';
import { parseCommit } from '../git/commit-parse.js';
import type { ObjectReader } from '../git/git-types.js';
import { parseTree } from '../git/tree-parse.js';

/** What the walk found. */
export interface Reachable {
  commits: Set<string>;
  /** Blob ids, when blobs were asked for (empty otherwise). */
  blobs: Set<string>;
}

function readOrNull(store: ObjectReader, oid: string) {
  try {
    return store.read(oid);
  } catch (err) {
    // A tip that no longer exists (history rewritten, a branch deleted) reaches nothing.
    if (isCredsweepError(err)) return null;
    throw err;
  }
}

/** Walks from `tips` (commit ids); with `withBlobs`, also every tree and the blobs they name. */
export function walkReachable(store: ObjectReader, tips: Iterable<string>, withBlobs: boolean): Reachable {
  const commits = new Set<string>();
  const blobs = new Set<string>();
  const trees = new Set<string>();
  const pendingCommits = [...tips];
  const pendingTrees: string[] = [];
  while (pendingCommits.length > 0) {
    const oid = pendingCommits.pop() as string;
    if (commits.has(oid)) continue;
    const obj = readOrNull(store, oid);
    if (obj === null || obj.type !== 'commit') continue;
    commits.add(oid);
    const commit = parseCommit(obj.data);
    pendingCommits.push(...commit.parents);
    if (withBlobs) pendingTrees.push(commit.tree);
  }
  while (pendingTrees.length > 0) {
    const oid = pendingTrees.pop() as string;
    if (trees.has(oid)) continue;
    trees.add(oid);
    const obj = readOrNull(store, oid);
    if (obj === null || obj.type !== 'tree') continue;
    for (const entry of parseTree(obj.data)) {
      if (entry.kind === 'blob' || entry.kind === 'link') blobs.add(entry.oid);
      else if (entry.kind === 'tree') pendingTrees.push(entry.oid);
    }
  }
  return { commits, blobs };
}
