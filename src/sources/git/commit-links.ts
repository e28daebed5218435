// Commit links (root tree and parents) as the scan threads found them, sent back beside the commit
// ids so provenance builds its commit graph without reading every commit again: git.git's 203k
// commits cost the coordinating thread 2.3 s to read and parse, alone, while both threads waited.
//
// Per commit, in the order of the job's commit ids: the tree id (20 bytes), a parent count byte,
// then the parent ids (20 bytes each). A commit whose links could not be parsed, or that has
// more than MAX_PARENTS parents, gets a zeroed tree, the count UNREAD and no parents: the graph
// reads it itself, so what it reports of a damaged commit does not depend on which thread met it.

import type { CommitLinks } from './commit-parse.js';
import { OidIndex, OidList } from './oid-index.js';

const OID_BYTES = 20;
const UNREAD = 0xff;
const MAX_PARENTS = UNREAD - 1;

/** Collects one job's links, in the order its commit ids are collected. */
export class CommitLinkWriter {
  // A list of ids that takes other bytes too (the count).
  private readonly out = new OidList();

  /** The next commit's links, or null when it could not be parsed. */
  push(links: CommitLinks | null): void {
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

/**
 * Where a commit's record starts, by id, over the chunks of ids and records the threads sent. A
 * chunk whose records do not pair up exactly with its ids is not used at all, and an id sent
 * twice (a pack may list one id twice, each copy read by whichever thread met it) is left
 * unread: the graph reads it by id, so its answer does not depend on which thread finished first.
 */
export class CommitLinkIndex {
  private readonly ids = new OidIndex();
  /** Chunk of each id's record; -1 for an id sent twice. */
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
      if (records === undefined || !pairsUp(ids, records)) return;
      for (let i = 0, at = 0; i < ids.length; i += OID_BYTES) {
        const before = this.ids.size;
        const number = this.ids.add(ids, i);
        if (number === before) {
          this.chunkOf[number] = k;
          this.startOf[number] = at;
        } else {
          this.chunkOf[number] = -1;
        }
        at = recordEnd(records, at);
      }
    });
  }

  /**
   * The record of the commit whose id is `id[at..at+20]`: its bytes, where its tree id starts,
   * and its parent count; null when no thread sent one, or it is to be read.
   */
  find(id: Buffer, at: number): { records: Buffer; tree: number; parents: number } | null {
    const number = this.ids.find(id, at);
    if (number < 0) return null;
    const chunk = this.chunkOf[number] as number;
    if (chunk < 0) return null;
    const records = this.records[chunk] as Buffer;
    const tree = this.startOf[number] as number;
    const parents = records[tree + OID_BYTES] as number;
    return parents === UNREAD ? null : { records, tree, parents };
  }
}

function recordEnd(records: Buffer, at: number): number {
  const count = records[at + OID_BYTES] as number;
  return at + OID_BYTES + 1 + (count === UNREAD ? 0 : count * OID_BYTES);
}

// One whole record per id, and no bytes left over.
function pairsUp(ids: Buffer, records: Buffer): boolean {
  if (ids.length % OID_BYTES !== 0) return false;
  let at = 0;
  for (let i = 0; i < ids.length; i += OID_BYTES) {
    if (at + OID_BYTES >= records.length) return false;
    at = recordEnd(records, at);
  }
  return at === records.length;
}
