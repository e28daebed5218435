// The commit graph provenance walks: every commit handed in, plus any ancestor or ref tip the
// caller's list missed, each reduced to its root tree and parent indices. Author details are
// not kept here; they are re-read later for the few commits that introduce a wanted blob.

import type { CommitLinkIndex } from './commit-links.js';
import { type CommitLinks, parseCommitLinks } from './commit-parse.js';
import type { ObjectReader } from './git-types.js';
import type { IssueLog } from './provenance-issues.js';
import { OidIndex, OidList } from './oid-index.js';

const OID_BYTES = 20;
const HEX_OID = /^[0-9a-f]{40}$/;

/** Commits by dense index, so per-commit data lives in flat arrays, not one object per commit. */
export interface CommitGraph {
  /** Number of commits loaded. */
  count: number;
  /** The commit ids, numbered by index. */
  ids: OidIndex;
  /** Root tree id of each commit, 20 bytes each, back to back by index. */
  roots: Buffer;
  /** Parents of commit `i` are `parentList[parentStart[i] .. parentStart[i + 1])`. */
  parentStart: Int32Array;
  /** Parent indices; a parent that is missing, or cut off by `shallow`, is left out. */
  parentList: Int32Array;
}

/** The parent indices of commit `i`. */
export function parentsOf(graph: CommitGraph, i: number): Int32Array {
  return graph.parentList.subarray(graph.parentStart[i], graph.parentStart[i + 1]);
}

/** The root tree id of commit `i` (20 bytes). */
export function rootOf(graph: CommitGraph, i: number): Buffer {
  return graph.roots.subarray(i * OID_BYTES, i * OID_BYTES + OID_BYTES);
}

/**
 * Loads `seeds` and all their ancestors. Commits listed in `shallow` are treated as having no
 * parents, as git does, and so are `boundary` commits (loaded, but their history not followed);
 * a missing or damaged commit becomes an issue and is left out. A commit `links` has is not read.
 */
export function loadCommitGraph(
  reader: ObjectReader,
  seeds: Iterable<string>,
  shallow: ReadonlySet<string>,
  log: IssueLog,
  boundary: (oid: string) => boolean = () => false,
  seedIds: readonly Uint8Array[] = [],
  links?: CommitLinkIndex,
): CommitGraph {
  const ids = new OidIndex();
  const roots = new OidList();
  // Each loaded commit's parent ids, in load order; resolved to indices once all are loaded.
  const parentIds = new OidList();
  const parentCounts: number[] = [];
  const failed = new Set<string>();
  // Ids still to load, as raw bytes (a history's every commit id as a string cost ~70 bytes
  // each): a stack of the parents met, on top of the seeds, which are taken where they lie.
  const pending = new OidList();
  const seedStack = new SeedStack(seedIds, seeds, (oid) => fail(oid, log, failed));
  for (;;) {
    let bytes: Buffer;
    let at: number;
    if (pending.length > 0) {
      at = pending.pop();
      bytes = pending.bytes;
    } else {
      const seed = seedStack.pop();
      if (seed === null) break;
      [bytes, at] = seed;
    }
    if (ids.find(bytes, at) >= 0) continue;
    const oid = bytes.toString('hex', at, at + OID_BYTES);
    if (failed.has(oid)) continue;
    const sent = links?.find(bytes, at);
    if (sent) {
      ids.add(bytes, at);
      roots.push(sent.records.subarray(sent.tree, sent.tree + OID_BYTES));
      const count = shallow.has(oid) || boundary(oid) ? 0 : sent.parents;
      parentCounts.push(count);
      for (let p = 0, from = sent.tree + OID_BYTES + 1; p < count; p++, from += OID_BYTES) {
        const parent = sent.records.subarray(from, from + OID_BYTES);
        parentIds.push(parent);
        pending.push(parent);
      }
      continue;
    }
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
    ids.addHex(oid);
    roots.pushHex(parsed.tree);
    const parents = shallow.has(oid) || boundary(oid) ? [] : parsed.parents;
    parentCounts.push(parents.length);
    for (const parent of parents) {
      parentIds.pushHex(parent);
      pending.pushHex(parent);
    }
  }
  const count = ids.size;
  const parentStart = new Int32Array(count + 1);
  const parentList = new Int32Array(parentIds.length / OID_BYTES);
  let listed = 0;
  let read = 0;
  for (let i = 0; i < count; i++) {
    parentStart[i] = listed;
    for (let k = parentCounts[i] as number; k > 0; k--, read += OID_BYTES) {
      const index = ids.find(parentIds.bytes, read);
      if (index >= 0) parentList[listed++] = index;
    }
  }
  parentStart[count] = listed;
  return { count, ids, roots: roots.bytes.subarray(0, roots.length), parentStart, parentList: parentList.subarray(0, listed) };
}

/**
 * The seeds as one stack, popped last first: the raw ids of `chunks` in order, then the hex
 * `seeds` (those that are no object id go to `invalid` at once, in order). The chunks are read
 * where they lie: the scan's commit ids are 20 bytes a commit, and a copy would double them.
 */
class SeedStack {
  private readonly chunks: Buffer[];
  private readonly hex = new OidList();
  private chunk: number;
  private at: number;

  constructor(chunks: readonly Uint8Array[], seeds: Iterable<string>, invalid: (oid: string) => void) {
    this.chunks = chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength - (c.byteLength % OID_BYTES)));
    this.chunk = this.chunks.length - 1;
    this.at = this.chunks[this.chunk]?.length ?? 0;
    for (const oid of seeds) {
      if (HEX_OID.test(oid)) this.hex.pushHex(oid);
      else invalid(oid);
    }
  }

  /** The next seed (its bytes and where it starts in them, valid until the next pop), or null. */
  pop(): [Buffer, number] | null {
    if (this.hex.length > 0) return [this.hex.bytes, this.hex.pop()];
    while (this.at === 0) {
      if (this.chunk <= 0) return null;
      this.chunk--;
      this.at = (this.chunks[this.chunk] as Buffer).length;
    }
    this.at -= OID_BYTES;
    return [this.chunks[this.chunk] as Buffer, this.at];
  }
}

// A seed that is no object id (the store would refuse to read it) is reported like a commit it could not read.
function fail(oid: string, log: IssueLog, failed: Set<string>): void {
  if (failed.has(oid)) return;
  failed.add(oid);
  log.add({ code: 'GIT_MISSING_OBJECT', message: `commit ${oid}: "${oid}" is not an object id`, object: oid });
}

/** Orders commit indices so every commit comes before all of its parents (children first). */
export function orderChildrenFirst(graph: CommitGraph): Int32Array {
  const count = graph.count;
  const childCount = new Int32Array(count);
  for (const p of graph.parentList) childCount[p] = (childCount[p] as number) + 1;
  const order = new Int32Array(count);
  let emitted = 0;
  const ready: number[] = [];
  for (let i = 0; i < count; i++) if (childCount[i] === 0) ready.push(i);
  while (ready.length > 0) {
    const i = ready.pop() as number;
    order[emitted++] = i;
    for (const p of parentsOf(graph, i)) {
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
