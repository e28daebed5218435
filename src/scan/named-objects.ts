// Completeness of history, checked where every object is read anyway (the scan workers): each
// tree entry and each commit's tree and parents is looked up in the object store's indexes (no
// read). What is named but absent is sent back to the coordinator, which names it as an issue:
// a mirror whose trees point at blobs the store lacks is never "clean".
import { isCredsweepError } from '../errors.js';
import { parseCommitLinks } from '../sources/git/commit-parse.js';
import { OidIndex } from '../sources/git/oid-index.js';
import { RawTreeCursor } from '../sources/git/raw-tree.js';
import { decodeTreeName } from '../sources/git/tree-parse.js';
import type { MissingObject } from '../sources/jobs.js';

/** Answers whether an object is in the store, by index lookup. */
export interface HasObject {
  /** `oid` is the binary id. */
  hasRaw(oid: Buffer): boolean;
}

const OID_BYTES = 20;

// Ids found present are remembered so the many trees naming the same blob cost one lookup. Every
// id of a store would grow with history (git.git: 850k ids a scan thread), so two generations of
// this many are kept: the trees of one part of a pack name mostly the same ids, and a forgotten
// id costs only another index lookup.
const REMEMBERED = 1 << 16;

/** Checks the entries of trees and the links of commits, an object id looked up about once. */
export class NamedObjectCheck {
  // Entries are looked up where they lie in the tree's bytes, so the usual case (an id seen
  // before) makes no string and no copy.
  private recent = new OidIndex();
  private older = new OidIndex();

  constructor(private readonly store: HasObject) {}

  private present(data: Buffer, at: number): boolean {
    if (this.recent.has(data, at)) return true;
    if (!this.older.has(data, at) && !this.store.hasRaw(data.subarray(at, at + OID_BYTES))) return false;
    if (this.recent.size >= REMEMBERED) {
      this.older = this.recent;
      this.recent = new OidIndex();
    }
    this.recent.add(data, at);
    return true;
  }

  /** Adds to `missing` every blob and subtree tree `oid` names that the store lacks (submodule commits are another repository's). */
  tree(oid: string, data: Buffer, missing: MissingObject[]): void {
    const entry = new RawTreeCursor(data, OID_BYTES);
    const absent: MissingObject[] = [];
    try {
      while (entry.next()) {
        const kind = entry.kind;
        if (kind === 'commit' || this.present(data, entry.oidStart)) continue;
        absent.push({
          oid: data.toString('hex', entry.oidStart, entry.oidStart + OID_BYTES),
          kind: kind === 'tree' ? 'tree' : 'blob',
          from: oid,
          name: decodeTreeName(data, entry.nameStart, entry.nameEnd),
        });
      }
    } catch (err) {
      if (isCredsweepError(err)) return; // a damaged tree is reported by whoever reads it whole
      throw err;
    }
    for (const m of absent) missing.push(m);
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
    const hasHex = (hex: string) => this.present(Buffer.from(hex, 'hex'), 0);
    if (!hasHex(links.tree)) missing.push({ oid: links.tree, kind: 'tree', from: oid, name: null });
    for (const parent of links.parents) if (!hasHex(parent)) missing.push({ oid: parent, kind: 'commit', from: oid, name: null });
  }
}
