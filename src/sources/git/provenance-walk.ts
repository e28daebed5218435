// Finds where wanted blobs enter history by comparing tree oids, never file contents: a
// subtree whose oid equals the same path's subtree in some parent holds nothing new and is
// skipped whole, so each commit costs only the directories it actually changed.

import type { CommitGraph } from './provenance-graph.js';
import { type CachedTree, findEntry, type TreeCache } from './provenance-trees.js';

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
    const parents = (graph.parents[commit] as number[]).map((p) => graph.trees[p] as string);
    const stack: Frame[] = [{ tree: graph.trees[commit] as string, parents, prefix: '' }];
    while (stack.length > 0) {
      const frame = stack.pop() as Frame;
      if (frame.parents.includes(frame.tree)) continue;
      const tree = trees.get(frame.tree);
      if (tree === null) continue;
      const before = frame.parents.map((oid) => trees.get(oid)).filter((t): t is CachedTree => t !== null);
      for (const entry of tree.entries) {
        if (entry.kind === 'tree') {
          const subParents: string[] = [];
          for (const parent of before) {
            const old = findEntry(parent, entry.name);
            if (old !== undefined && old.kind === 'tree') subParents.push(old.oid);
          }
          stack.push({ tree: entry.oid, parents: subParents, prefix: `${frame.prefix}${entry.name}/` });
        } else if (entry.kind !== 'commit' && wanted.has(entry.oid)) {
          if (before.some((parent) => findEntry(parent, entry.name)?.oid === entry.oid)) continue;
          found.push({ commit, path: frame.prefix + entry.name, blob: entry.oid });
        }
      }
    }
  }
  return found;
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
