// Finds where wanted blobs enter history by comparing tree oids, never file contents: a
// subtree whose oid equals the same path's subtree in some parent holds nothing new and is
// skipped whole, so each commit costs only the directories it actually changed.

import type { CommitGraph } from './provenance-graph.js';
import { type CachedTree, findEntryIndex, type TreeCache } from './provenance-trees.js';
import type { TreeEntry } from './tree-parse.js';

/** A commit (by graph index) that introduces blob `blob` at `path`. */
export interface RawIntroduction {
  commit: number;
  path: string;
  blob: string;
}

interface Frame {
  tree: string;
  parents: string[];
  prefix: string;
}

/**
 * Walks every commit parents-first and returns each place a wanted blob is introduced: the
 * commit's tree has the blob at a path where no parent has that same blob oid. Commits with no
 * (loaded) parents introduce everything they hold.
 */
export function findIntroductions(
  graph: CommitGraph,
  parentsFirst: Iterable<number>,
  wanted: ReadonlySet<string>,
  trees: TreeCache,
): RawIntroduction[] {
  const found: RawIntroduction[] = [];
  if (wanted.size === 0) return found;
  for (const commit of parentsFirst) {
    const root = graph.trees[commit] as string;
    const parents = (graph.parents[commit] as number[]).map((p) => graph.trees[p] as string);
    if (parents.includes(root)) continue;
    const stack: Frame[] = [{ tree: root, parents, prefix: '' }];
    while (stack.length > 0) {
      const frame = stack.pop() as Frame;
      const tree = trees.get(frame.tree);
      if (tree === null) continue;
      const before: CachedTree[] = [];
      for (const oid of frame.parents) {
        const parent = trees.get(oid);
        if (parent !== null) before.push(parent);
      }
      diffEntries(tree.entries, before, wanted, (entry, subParents) => {
        if (subParents === null) found.push({ commit, path: frame.prefix + entry.name, blob: entry.oid });
        else stack.push({ tree: entry.oid, parents: subParents, prefix: `${frame.prefix}${entry.name}/` });
      });
    }
  }
  return found;
}

// Calls `emit(entry, null)` for each wanted blob no parent has at the same name, and
// `emit(entry, parentSubtrees)` for each subtree that differs from every parent's.
function diffEntries(
  entries: TreeEntry[],
  before: CachedTree[],
  wanted: ReadonlySet<string>,
  emit: (entry: TreeEntry, subParents: string[] | null) => void,
): void {
  const cursors = new Array<number>(before.length).fill(0);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as TreeEntry;
    const isTree = entry.kind === 'tree';
    if (!isTree && (entry.kind === 'commit' || !wanted.has(entry.oid))) continue;
    let same = false;
    const subParents: string[] = [];
    for (let p = 0; p < before.length && !same; p++) {
      const parent = before[p] as CachedTree;
      const at = findEntryIndex(parent, entry.name, cursors[p] as number);
      if (at < 0) continue;
      cursors[p] = at + 1;
      const old = parent.entries[at] as TreeEntry;
      if (old.oid === entry.oid) same = true;
      else if (isTree && old.kind === 'tree') subParents.push(old.oid);
    }
    if (!same) emit(entry, isTree ? subParents : null);
  }
}

/** Returns the wanted blobs present anywhere in a tree, visiting each distinct subtree once. */
export function findWantedInTree(root: string, wanted: ReadonlySet<string>, trees: TreeCache): Set<string> {
  const present = new Set<string>();
  if (wanted.size === 0) return present;
  const visited = new Set<string>([root]);
  const stack = [root];
  while (stack.length > 0) {
    const tree = trees.get(stack.pop() as string);
    if (tree === null) continue;
    for (const entry of tree.entries) {
      if (entry.kind === 'tree') {
        if (!visited.has(entry.oid)) {
          visited.add(entry.oid);
          stack.push(entry.oid);
        }
      } else if (entry.kind !== 'commit' && wanted.has(entry.oid)) {
        present.add(entry.oid);
      }
    }
  }
  return present;
}
