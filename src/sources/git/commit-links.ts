// Commit links (root tree and parents) as the scan threads found them, sent back beside the commit
// ids so provenance builds its commit graph without reading every commit again: git.git's 203k
// commits cost the coordinating thread 2.3 s to read and parse, alone, while both threads waited.
//
// Per commit, in the order of the job's commit ids: the tree id (20 bytes), a parent count byte,
// then the parent ids (20 bytes each). A commit whose links could not be parsed, or that has
// more than MAX_PARENTS parents, gets the count UNREAD and no ids: the graph reads it itself,
// so what it reports of a damaged commit does not depend on which thread met it first.

import { OidIndex, OidList } from './oid-index.js';

const OID_BYTES = 20;
const UNREAD = 0xff;
const MAX_PARENTS = UNREAD - 1;

/** Links, parsed: hex ids as parseCommitLinks gives them. */
export interface HexLinks {
  tree: string;
  parents: readonly string[];
}

/** Collects one job's links, in the order its commit ids are collected. */
export class CommitLinkWriter {
  // A list of ids that takes other bytes too (the count).
  private readonly out = new OidList();

  /** The next commit's links, or null when it could not be parsed. */
  push(links: HexLinks | null): void {
    if (links === null || links.parents.length > MAX_PARENTS) {
      this.out.push(UNREAD_RECORD);
      return;
    }
    this.out.pushHex(links.tree);
    this.out.push(Buffer.of(links.parents.length));
    for (const parent of links.parents) this.out.pushHex(parent);
  }

  /** The records, in a buffer of their own. */
  copy(): Uint8Array {
    return this.out.copy();
  }
}

// An unread record keeps the tree slot, so every record starts with 21 fixed bytes.
const UNREAD_RECORD = Buffer.concat([Buffer.alloc(OID_BYTES), Buffer.of(UNREAD)]);

/** Where a commit's record starts, by id, over the chunks of ids and records the threads sent. */
export class CommitLinkIndex {
  private readonly ids = new OidIndex();
  private readonly chunkOf: Int32Array;
  private readonly startOf: Int32Array;
  private readonly records: Buffer[];

  /** `idChunks[k]` holds the ids (20 bytes each) whose records are `linkChunks[k]`, in order. */
  constructor(idChunks: readonly Uint8Array[], linkChunks: readonly Uint8Array[]) {
    let total = 0;
    for (const c of idChunks) total += Math.floor(c.byteLength / OID_BYTES);
    this.chunkOf = new Int32Array(total);
    this.startOf = new Int32Array(total);
    this.records = linkChunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength));
    idChunks.forEach((chunk, k) => {
      const ids = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const records = this.records[k];
      if (records === undefined) return;
      let at = 0;
      for (let i = 0; i + OID_BYTES <= ids.length && at + OID_BYTES < records.length; i += OID_BYTES) {
        const count = records[at + OID_BYTES] as number;
        const end = at + OID_BYTES + 1 + (count === UNREAD ? 0 : count * OID_BYTES);
        if (end > records.length) break;
        const before = this.ids.size;
        const number = this.ids.add(ids, i);
        if (number === before) {
          this.chunkOf[number] = k;
          this.startOf[number] = at;
        }
        at = end;
      }
    });
  }

  /**
   * The record of the commit whose id is `id[at..at+20]`: its bytes, where its tree id starts,
   * and its parent count; null when no thread sent one or it was left unread.
   */
  find(id: Buffer, at: number): { records: Buffer; tree: number; parents: number } | null {
    const number = this.ids.find(id, at);
    if (number < 0) return null;
    const records = this.records[this.chunkOf[number] as number] as Buffer;
    const tree = this.startOf[number] as number;
    const parents = records[tree + OID_BYTES] as number;
    return parents === UNREAD ? null : { records, tree, parents };
  }
}
