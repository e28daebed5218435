// Finds where wanted blobs enter history by comparing tree ids, never file contents: a subtree
// whose id equals the same path's subtree in some parent holds nothing new and is skipped whole,
// so each commit costs only the directories it actually changed. Trees are compared as raw
// bytes, merge-walked in git's own sort order; strings are made only for what is reported.

import { type CommitGraph, parentsOf, rootOf } from './provenance-graph.js';
import type { IssueLog } from './provenance-issues.js';
import type { RawTreeCache } from './provenance-trees.js';
import { compareEntries, RawTreeCursor, sameOid } from './raw-tree.js';
import { TreeDiffer } from './tree-diff.js';
import { decodeTreeName } from './tree-parse.js';

const OID_BYTES = 20;
const SUBMODULE = 0o160000;

/** A commit (by graph index) that introduces blob `blob` at `path`. */
export interface RawIntroduction {
  commit: number;
  path: string;
  blob: string;
}

interface Frame {
  tree: Buffer;
  parents: Buffer[];
  prefix: string;
}

// Bits of the wanted-blob filter: indexed by an id's first 24 bits, so with 10,000 wanted blobs
// fewer than 1 entry in 1,000 goes on to the exact (string) check.
const FILTER_BITS = 24;

/** The wanted blob ids, with a bitmap prefilter so most entries are rejected without a string. */
export class WantedBlobs {
  /** Bit (id[0] << 16 | id[1] << 8 | id[2]) set for each wanted id (tree-diff.wat reads it too). */
  readonly filter = new Uint8Array(1 << (FILTER_BITS - 3));

  constructor(readonly ids: ReadonlySet<string>) {
    for (const id of ids) {
      if (!/^[0-9a-f]{40}$/.test(id)) continue;
      const bit = Number.parseInt(id.slice(0, FILTER_BITS / 4), 16);
      this.filter[bit >>> 3] = (this.filter[bit >>> 3] as number) | (1 << (bit & 7));
    }
  }

  get size(): number {
    return this.ids.size;
  }

  /** The hex id of the entry's object when it is wanted, else null. */
  match(cursor: RawTreeCursor): string | null {
    const d = cursor.data;
    const at = cursor.oidStart;
    const bit = ((d[at] as number) << 16) | ((d[at + 1] as number) << 8) | (d[at + 2] as number);
    if (((this.filter[bit >>> 3] as number) & (1 << (bit & 7))) === 0) return null;
    const hex = d.toString('hex', at, at + OID_BYTES);
    return this.ids.has(hex) ? hex : null;
  }
}

/**
 * Walks every commit parents-first and returns each place a wanted blob is introduced: the
 * commit's tree has the blob at a path where no parent has that same blob id. Commits with no
 * (loaded) parents introduce everything they hold.
 */
export function findIntroductions(
  graph: CommitGraph,
  parentsFirst: Iterable<number>,
  wanted: WantedBlobs,
  trees: RawTreeCache,
  log: IssueLog,
): RawIntroduction[] {
  const walk = new IntroductionWalk(wanted, trees, log);
  if (wanted.size === 0) return walk.found;
  for (const commit of parentsFirst) {
    walk.visit(
      commit,
      rootOf(graph, commit),
      Array.from(parentsOf(graph, commit), (p) => rootOf(graph, p)),
    );
  }
  return walk.found;
}

/**
 * One commit at a time, from its root tree and its parents' (all that is needed, so commits can
 * be walked in any order, or split across threads, and give the same introductions).
 */
export class IntroductionWalk {
  /** Introductions found so far, in visiting order. */
  readonly found: RawIntroduction[] = [];

  constructor(
    private readonly wanted: WantedBlobs,
    private readonly trees: RawTreeCache,
    private readonly log: IssueLog,
    private readonly differ = new TreeDiffer(),
  ) {}

  /** Adds the introductions of commit `commit` (a graph index, only reported back). */
  visit(commit: number, root: Buffer, parents: Buffer[]): void {
    if (parents.some((p) => p.equals(root))) return;
    const { trees, wanted, found } = this;
    const stack: Frame[] = [{ tree: root, parents, prefix: '' }];
    while (stack.length > 0) {
      const frame = stack.pop() as Frame;
      const data = trees.get(frame.tree);
      if (data === null) continue;
      const before = cursorsOf(trees, frame.parents);
      const emit = (entry: RawTreeCursor, blob: string | null, subParents: Buffer[]) => {
        const path = frame.prefix + decodeTreeName(entry.data, entry.nameStart, entry.nameEnd);
        if (blob !== null) found.push({ commit, path, blob });
        else stack.push({ tree: entry.data.subarray(entry.oidStart, entry.oidStart + OID_BYTES), parents: subParents, prefix: `${path}/` });
      };
      try {
        if (!diffInModule(this.differ, data, before, wanted, emit)) diffTree(new RawTreeCursor(data), before, wanted, emit);
      } catch (error) {
        this.log.addError(error, frame.tree.toString('hex'), 'tree');
      }
    }
  }
}

const NO_TREE = Buffer.alloc(0);

/**
 * {@link diffTree}'s answer (with a `wanted` set) from tree-diff.wat, which passes over the
 * entries a tree shares with a parent without a JavaScript call per entry; for a merge it lists
 * each parent's differences and keeps the entries every parent lacks. False, having emitted
 * nothing, when the module has no answer (a malformed, unsorted or very large tree): diffTree
 * then does all of it. `before` are fresh cursors on the parents' trees.
 */
export function diffInModule(
  differ: TreeDiffer,
  data: Buffer,
  before: RawTreeCursor[],
  wanted: WantedBlobs,
  emit: (entry: RawTreeCursor, blob: string | null, subParents: Buffer[]) => void,
): boolean {
  const parents = before.length === 0 ? [NO_TREE] : before.map((cursor) => cursor.data);
  const lists: Int32Array[] = [];
  for (const parent of parents) {
    const listed = differ.diff(data, parent, wanted.filter);
    if (listed === null) return false;
    lists.push(listed);
  }
  const first = lists[0] as Int32Array;
  const at = new Array<number>(lists.length).fill(0);
  const entry = new RawTreeCursor(data);
  const old = new RawTreeCursor(NO_TREE);
  next: for (let k = 0; k < first.length; k += 2) {
    const start = first[k] as number;
    // Each list is in tree order: an entry missing from one is that parent's same entry.
    for (let p = 1; p < lists.length; p++) {
      const list = lists[p] as Int32Array;
      let i = at[p] as number;
      while (i < list.length && (list[i] as number) < start) i += 2;
      at[p] = i;
      if (i >= list.length || list[i] !== start) continue next;
    }
    entry.seek(start);
    entry.next();
    if (!entry.isTree) {
      const blob = wanted.match(entry);
      if (blob !== null) emit(entry, blob, []);
      continue;
    }
    const subParents: Buffer[] = [];
    for (let p = 0; p < lists.length; p++) {
      const where = (lists[p] as Int32Array)[(p === 0 ? k : (at[p] as number)) + 1] as number;
      if (where < 0) continue;
      const tree = parents[p] as Buffer;
      old.reset(tree, where);
      old.next();
      subParents.push(tree.subarray(old.oidStart, old.oidStart + OID_BYTES));
    }
    emit(entry, null, subParents);
  }
  return true;
}

/** A cursor on each of `oids` that can be read (a missing one was logged by the cache). */
export function cursorsOf(trees: RawTreeCache, oids: Buffer[]): RawTreeCursor[] {
  const out: RawTreeCursor[] = [];
  for (const oid of oids) {
    const data = trees.get(oid);
    if (data !== null) out.push(new RawTreeCursor(data));
  }
  return out;
}

/**
 * Calls `emit(entry, blobId, [])` for each wanted blob (each blob, when `wanted` is null) no parent
 * has at the same name, and `emit(entry, null, parentSubtrees)` for each subtree that differs from
 * every parent's. Submodule entries are left out.
 */
export function diffTree(
  entry: RawTreeCursor,
  before: RawTreeCursor[],
  wanted: WantedBlobs | null,
  emit: (entry: RawTreeCursor, blob: string | null, subParents: Buffer[]) => void,
): void {
  const alive = before.map((cursor) => cursor.next());
  while (entry.next()) {
    let blob: string | null = null;
    if (!entry.isTree) {
      if ((entry.mode & 0o170000) === SUBMODULE) continue;
      blob = wanted === null ? entry.data.toString('hex', entry.oidStart, entry.oidStart + OID_BYTES) : wanted.match(entry);
      if (blob === null) continue;
    }
    let same = false;
    const subParents: Buffer[] = [];
    for (let p = 0; p < before.length && !same; p++) {
      const old = before[p] as RawTreeCursor;
      let order = -1;
      while (alive[p]) {
        order = compareEntries(old, entry);
        if (order >= 0) break;
        alive[p] = old.next();
      }
      if (!alive[p] || order !== 0) continue;
      if (sameOid(old, entry)) same = true;
      else if (entry.isTree) subParents.push(old.data.subarray(old.oidStart, old.oidStart + OID_BYTES));
    }
    if (!same) emit(entry, blob, subParents);
  }
}

/** Returns the wanted blobs present anywhere in a tree, visiting each distinct subtree once. */
export function findWantedInTree(root: Buffer, wanted: WantedBlobs, trees: RawTreeCache, log: IssueLog): Set<string> {
  const present = new Set<string>();
  if (wanted.size === 0) return present;
  const first = Buffer.from(root);
  const visited = new Set<string>([first.toString('latin1')]);
  const stack: Buffer[] = [first];
  while (stack.length > 0) {
    const oid = stack.pop() as Buffer;
    const data = trees.get(oid);
    if (data === null) continue;
    const entry = new RawTreeCursor(data);
    try {
      while (entry.next()) {
        if (entry.isTree) {
          const key = data.toString('latin1', entry.oidStart, entry.oidStart + OID_BYTES);
          if (visited.has(key)) continue;
          visited.add(key);
          stack.push(data.subarray(entry.oidStart, entry.oidStart + OID_BYTES));
        } else if ((entry.mode & 0o170000) !== SUBMODULE) {
          const blob = wanted.match(entry);
          if (blob !== null) present.add(blob);
        }
      }
    } catch (error) {
      log.addError(error, oid.toString('hex'), 'tree');
    }
  }
  return present;
}
