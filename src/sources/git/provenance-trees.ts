// A bounded cache of parsed trees. Provenance visits commits parents-first, so a commit's
// parent trees were usually parsed one step earlier. Two generations (recent and older, the
// older one dropped when the recent one fills half the budget) give LRU-like hit rates without
// paying a Map delete and re-insert on every hit.

import type { ObjectReader } from './git-types.js';
import type { IssueLog } from './provenance-issues.js';
import { parseTree, type TreeEntry } from './tree-parse.js';

/** A parsed tree, with a name index built only if a positional lookup ever misses. */
export interface CachedTree {
  entries: TreeEntry[];
  byName: Map<string, number> | null;
}

/**
 * Default budget: total entries across cached trees (roughly 200 bytes each, so ~20 MB).
 * Larger budgets measured no faster: the extra retained objects cost more in GC than they save.
 */
export const DEFAULT_TREE_CACHE_ENTRIES = 100_000;

/** Reads and parses trees through a two-generation cache bounded by entry count. */
export class TreeCache {
  private recent = new Map<string, CachedTree>();
  private older = new Map<string, CachedTree>();
  private held = 0;
  /** Trees parsed (cache misses), for diagnostics. */
  parsed = 0;

  constructor(
    private readonly reader: ObjectReader,
    private readonly log: IssueLog,
    private readonly budget = DEFAULT_TREE_CACHE_ENTRIES,
  ) {}

  /** The parsed tree, or null (with an issue logged) when it is missing or damaged. */
  get(oid: string): CachedTree | null {
    const hit = this.recent.get(oid);
    if (hit !== undefined) return hit;
    const old = this.older.get(oid);
    if (old !== undefined) {
      this.remember(oid, old);
      return old;
    }
    let entries: TreeEntry[];
    try {
      const object = this.reader.read(oid);
      if (object.type !== 'tree') {
        this.log.add({ code: 'GIT_CORRUPT_OBJECT', message: `expected a tree, found a ${object.type}: ${oid}`, object: oid });
        return null;
      }
      entries = parseTree(object.data, oid.length / 2);
    } catch (error) {
      this.log.addError(error, oid, 'tree');
      return null;
    }
    this.parsed++;
    const tree: CachedTree = { entries, byName: null };
    this.remember(oid, tree);
    return tree;
  }

  private remember(oid: string, tree: CachedTree): void {
    if (this.held >= this.budget / 2) {
      this.older = this.recent;
      this.recent = new Map();
      this.held = 0;
    }
    this.recent.set(oid, tree);
    this.held += tree.entries.length + 1;
  }
}

/**
 * Finds the entry named `name` in `tree`, trying index `hint` and the next two first (trees of
 * parent and child are both sorted and usually differ by a few entries), then a name index.
 * Returns the entry's index, or -1.
 */
export function findEntryIndex(tree: CachedTree, name: string, hint: number): number {
  const entries = tree.entries;
  for (let i = hint; i < hint + 3 && i < entries.length; i++) if ((entries[i] as TreeEntry).name === name) return i;
  if (tree.byName === null) {
    const byName = new Map<string, number>();
    for (let i = 0; i < entries.length; i++) byName.set((entries[i] as TreeEntry).name, i);
    tree.byName = byName;
  }
  return tree.byName.get(name) ?? -1;
}
