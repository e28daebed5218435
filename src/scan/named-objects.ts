// Completeness of history, checked where every object is read anyway (the scan workers): each
// tree entry and each commit's tree and parents is looked up in the object store's indexes (no
// read). What is named but absent is sent back to the coordinator, which names it as an issue:
// a mirror whose trees point at blobs the store lacks is never "clean".
import { isCredsweepError } from '../errors.js';
import { type CommitLinks, parseCommitLinks } from '../sources/git/commit-parse.js';
import { OidIndex } from '../sources/git/oid-index.js';
import { RawTreeCursor } from '../sources/git/raw-tree.js';
import { decodeTreeName } from '../sources/git/tree-parse.js';
import { TreeCheckModule } from './tree-check.js';
import type { MissingObject } from '../sources/jobs.js';

/** Answers whether an object is in the store, by index lookup. */
export interface HasObject {
  /** `oid` is the binary id. */
  hasRaw(oid: Buffer): boolean;
}

const OID_BYTES = 20;

// Ids found present are remembered so the many trees naming the same blob cost one lookup (trees
// the module walks have a table of their own; this one serves commits' links and the trees left
// to the JavaScript). Every id of a store would grow with history (git.git: 850k ids a scan
// thread), so two generations of this many are kept: the trees of one part of a pack name
// mostly the same ids, and a forgotten id costs only another index lookup.
const REMEMBERED = 1 << 16;

/** Checks the entries of trees and the links of commits, an object id looked up about once. */
export class NamedObjectCheck {
  // Entries are looked up where they lie in the tree's bytes, so the usual case (an id seen
  // before) makes no string and no copy.
  private recent = new OidIndex();
  private older = new OidIndex();

  // Trees are walked in WebAssembly (tree-check.wat), with a table of ids found present of its own.
  private readonly walker = new TreeCheckModule();

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
    const unknown = this.walker.unknown(data);
    if (unknown === null) {
      this.treeInJavaScript(oid, data, missing);
      return;
    }
    const entry = new RawTreeCursor(data, OID_BYTES);
    for (const start of unknown) {
      entry.seek(start);
      entry.next();
      if (this.store.hasRaw(data.subarray(entry.oidStart, entry.oidStart + OID_BYTES))) {
        this.walker.remember(entry.oidStart);
        continue;
      }
      missing.push(absentEntry(oid, data, entry));
    }
  }

  // The same check, for a tree the module has no answer for: a damaged one is left to whoever
  // reads it whole, so nothing it names is reported.
  private treeInJavaScript(oid: string, data: Buffer, missing: MissingObject[]): void {
    const entry = new RawTreeCursor(data, OID_BYTES);
    const absent: MissingObject[] = [];
    try {
      while (entry.next()) {
        const kind = entry.kind;
        if (kind === 'commit' || this.present(data, entry.oidStart)) continue;
        absent.push(absentEntry(oid, data, entry));
      }
    } catch (err) {
      if (isCredsweepError(err)) return; // a damaged tree is reported by whoever reads it whole
      throw err;
    }
    for (const m of absent) missing.push(m);
  }

  /**
   * Adds to `missing` the tree and the parents commit `oid` names that the store lacks, and
   * returns its links (null when they cannot be parsed).
   */
  commit(oid: string, data: Buffer, missing: MissingObject[]): CommitLinks | null {
    let links: CommitLinks;
    try {
      links = parseCommitLinks(data);
    } catch (err) {
      if (isCredsweepError(err)) return null;
      throw err;
    }
    const hasHex = (hex: string) => this.present(Buffer.from(hex, 'hex'), 0);
    if (!hasHex(links.tree)) missing.push({ oid: links.tree, kind: 'tree', from: oid, name: null });
    for (const parent of links.parents) if (!hasHex(parent)) missing.push({ oid: parent, kind: 'commit', from: oid, name: null });
    return links;
  }
}

// What is reported of an entry whose object the store lacks.
function absentEntry(from: string, data: Buffer, entry: RawTreeCursor): MissingObject {
  return {
    oid: data.toString('hex', entry.oidStart, entry.oidStart + OID_BYTES),
    kind: entry.isTree ? 'tree' : 'blob',
    from,
    name: decodeTreeName(data, entry.nameStart, entry.nameEnd),
  };
}
