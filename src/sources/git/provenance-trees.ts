// A bounded cache of parsed trees. Provenance visits commits parents-first, so a commit's
// parent trees were usually parsed one step earlier; keeping the most recently used few
// hundred thousand entries makes nearly every parent-side lookup a cache hit while memory
// stays bounded on huge repositories.

import type { ObjectReader } from './git-types.js';
import type { IssueLog } from './provenance-issues.js';
import { parseTree, type TreeEntry } from './tree-parse.js';

/** A parsed tree, with a name index built the first time it is used as the "before" side. */
export interface CachedTree {
  entries: TreeEntry[];
  byName: Map<string, TreeEntry> | null;
}

/** Default budget: total entries across cached trees (roughly 200 bytes each). */
export const DEFAULT_TREE_CACHE_ENTRIES = 250_000;

/** Reads and parses trees through a least-recently-used cache bounded by entry count. */
export class TreeCache {
  private readonly cache = new Map<string, CachedTree>();
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
    const hit = this.cache.get(oid);
    if (hit !== undefined) {
      this.cache.delete(oid);
      this.cache.set(oid, hit);
      return hit;
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
    this.cache.set(oid, tree);
    this.held += entries.length + 1;
    this.evict();
    return tree;
  }

  private evict(): void {
    for (const [oid, tree] of this.cache) {
      if (this.held <= this.budget || this.cache.size <= 1) return;
      this.cache.delete(oid);
      this.held -= tree.entries.length + 1;
    }
  }
}

/** Looks an entry up by name, building the tree's name index on first use. */
export function findEntry(tree: CachedTree, name: string): TreeEntry | undefined {
  if (tree.byName === null) {
    tree.byName = new Map();
    for (const entry of tree.entries) tree.byName.set(entry.name, entry);
  }
  return tree.byName.get(name);
}
