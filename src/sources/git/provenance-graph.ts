// The commit graph provenance walks: every commit handed in, plus any ancestor or ref tip the
// caller's list missed, each reduced to its root tree and parent indices. Author details are
// not kept here; they are re-read later for the few commits that introduce a wanted blob.

import { type CommitLinks, parseCommitLinks } from './commit-parse.js';
import type { ObjectReader } from './git-types.js';
import type { IssueLog } from './provenance-issues.js';

/** Commits by dense index, so per-commit data can live in flat arrays. */
export interface CommitGraph {
  /** Commit oid of each index. */
  oids: string[];
  /** Index of each loaded commit oid. */
  indexOf: Map<string, number>;
  /** Root tree oid of each commit. */
  trees: string[];
  /** Parent indices; a parent that is missing, or cut off by `shallow`, is left out. */
  parents: number[][];
}

/**
 * Loads `seeds` and all their ancestors. Commits listed in `shallow` are treated as having no
 * parents, as git does, and so are `boundary` commits (loaded, but their history not followed);
 * a missing or damaged commit becomes an issue and is left out.
 */
export function loadCommitGraph(
  reader: ObjectReader,
  seeds: Iterable<string>,
  shallow: ReadonlySet<string>,
  log: IssueLog,
  boundary: (oid: string) => boolean = () => false,
): CommitGraph {
  const oids: string[] = [];
  const indexOf = new Map<string, number>();
  const trees: string[] = [];
  const parentOids: string[][] = [];
  const failed = new Set<string>();
  const pending = [...seeds];
  while (pending.length > 0) {
    const oid = pending.pop() as string;
    if (indexOf.has(oid) || failed.has(oid)) continue;
    let parsed: CommitLinks;
    try {
      const object = reader.read(oid);
      if (object.type !== 'commit') {
        log.add({ code: 'GIT_CORRUPT_OBJECT', message: `expected a commit, found a ${object.type}: ${oid}`, object: oid });
        failed.add(oid);
        continue;
      }
      parsed = parseCommitLinks(object.data);
    } catch (error) {
      log.addError(error, oid, 'commit');
      failed.add(oid);
      continue;
    }
    indexOf.set(oid, oids.length);
    oids.push(oid);
    trees.push(parsed.tree);
    const parents = shallow.has(oid) || boundary(oid) ? [] : parsed.parents;
    parentOids.push(parents);
    for (const parent of parents) pending.push(parent);
  }
  const parents = parentOids.map((list) => {
    const indices: number[] = [];
    for (const oid of list) {
      const index = indexOf.get(oid);
      if (index !== undefined) indices.push(index);
    }
    return indices;
  });
  return { oids, indexOf, trees, parents };
}

/** Orders commit indices so every commit comes before all of its parents (children first). */
export function orderChildrenFirst(graph: CommitGraph): Int32Array {
  const count = graph.oids.length;
  const childCount = new Int32Array(count);
  for (const parents of graph.parents) for (const p of parents) childCount[p] = (childCount[p] as number) + 1;
  const order = new Int32Array(count);
  let emitted = 0;
  const ready: number[] = [];
  for (let i = 0; i < count; i++) if (childCount[i] === 0) ready.push(i);
  while (ready.length > 0) {
    const i = ready.pop() as number;
    order[emitted++] = i;
    for (const p of graph.parents[i] as number[]) {
      childCount[p] = (childCount[p] as number) - 1;
      if (childCount[p] === 0) ready.push(p);
    }
  }
  // Hash-linked history cannot cycle; this only guards against a forged graph.
  if (emitted < count) {
    const placed = new Uint8Array(count);
    for (let k = 0; k < emitted; k++) placed[order[k] as number] = 1;
    for (let i = 0; i < count; i++) if (placed[i] === 0) order[emitted++] = i;
  }
  return order;
}
