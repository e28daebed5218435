// Completeness of history, checked where every object is read anyway (the scan workers): each
// tree entry and each commit's tree and parents is looked up in the object store's indexes (no
// read). What is named but absent is sent back to the coordinator, which names it as an issue:
// a mirror whose trees point at blobs the store lacks is never "clean".
import { isCredsweepError } from '../errors.js';
import { parseCommitLinks } from '../sources/git/commit-parse.js';
import { parseTree } from '../sources/git/tree-parse.js';
import type { MissingObject } from '../sources/jobs.js';

/** Answers whether an object is in the store, by index lookup. */
export interface HasObject {
  has(oid: string): boolean;
}

// Ids found present are remembered so the many trees naming the same blob cost one lookup. A
// set of every id held about 100 bytes an object per scan thread (85 MiB each on git.git), so
// two generations of this many are kept: the trees of one part of a pack name mostly the same
// ids, and a forgotten id costs only another index lookup.
const REMEMBERED = 1 << 16;

/** Checks the entries of trees and the links of commits, an object id looked up about once. */
export class NamedObjectCheck {
  private recent = new Set<string>();
  private older = new Set<string>();

  constructor(private readonly store: HasObject) {}

  private present(oid: string): boolean {
    if (this.recent.has(oid)) return true;
    if (!this.older.has(oid) && !this.store.has(oid)) return false;
    if (this.recent.size >= REMEMBERED) {
      this.older = this.recent;
      this.recent = new Set();
    }
    this.recent.add(oid);
    return true;
  }

  /** Adds to `missing` every blob and subtree tree `oid` names that the store lacks (submodule commits are another repository's). */
  tree(oid: string, data: Buffer, missing: MissingObject[]): void {
    let entries: ReturnType<typeof parseTree>;
    try {
      entries = parseTree(data);
    } catch (err) {
      if (isCredsweepError(err)) return; // a damaged tree is reported by whoever reads it whole
      throw err;
    }
    for (const entry of entries) {
      if (entry.kind === 'commit') continue;
      if (!this.present(entry.oid))
        missing.push({ oid: entry.oid, kind: entry.kind === 'tree' ? 'tree' : 'blob', from: oid, name: entry.name });
    }
  }

  /** Adds to `missing` the tree and the parents commit `oid` names that the store lacks. */
  commit(oid: string, data: Buffer, missing: MissingObject[]): void {
    let links: ReturnType<typeof parseCommitLinks>;
    try {
      links = parseCommitLinks(data);
    } catch (err) {
      if (isCredsweepError(err)) return;
      throw err;
    }
    if (!this.present(links.tree)) missing.push({ oid: links.tree, kind: 'tree', from: oid, name: null });
    for (const parent of links.parents) if (!this.present(parent)) missing.push({ oid: parent, kind: 'commit', from: oid, name: null });
  }
}
