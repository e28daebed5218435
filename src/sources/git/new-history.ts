// What history brought since an earlier run recorded its ref tips: the commits the current tips
// reach and the recorded tips do not, and the trees and blobs those commits changed. Found the
// way `git rev-list NEW --not OLD` finds it: commits newest first by committer date, marks of
// "reachable from a recorded tip" flowing to parents, stopping once every commit still queued is
// marked. Then each new commit's tree is compared with its parents' by tree id, descending only
// where subtree ids differ, so a rerun reads what is new and not the whole history again.
//
// Errors only ever go towards reading more: clock skew can leave an old commit judged new (its
// changes are read again), never a new one judged old.

import type { ScanIssue } from '../../types.js';
import { parseCommit } from './commit-parse.js';
import type { ObjectReader } from './git-types.js';
import { IssueLog } from './provenance-issues.js';
import { RawTreeCache } from './provenance-trees.js';
import { cursorsOf, diffTree } from './provenance-walk.js';
import { RawTreeCursor } from './raw-tree.js';

const OID_BYTES = 20;
// Like git's SLOP: a few more commits after every queued one is marked, for skewed dates.
const SLOP = 5;

const OLD = 1;
const FROM_NOW = 2;

/** The difference between the current tips' history and the recorded tips' history. */
export interface NewHistory {
  /** Commits reachable from the current tips and not from the recorded tips (newest first). */
  commits: string[];
  /** Trees and blobs those commits hold where no parent has the same id at the same path. */
  objects: string[];
  /** True for a commit reachable from a recorded tip (only commits the walk met are known). */
  isOld(commit: string): boolean;
  /** True when the walk saw that the current tips reach `commit`; false means "not shown", not "unreachable". */
  reachedNow(commit: string): boolean;
  /** Commits read by the walk and trees read by the comparison, for the scan's counters and tests. */
  reads: { commits: number; trees: number };
  issues: ScanIssue[];
}

interface Queued {
  oid: string;
  seconds: number;
}

// A binary max-heap on committer date: the walk always takes the newest commit next.
class DateQueue {
  private readonly items: Queued[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: Queued): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if ((a[up] as Queued).seconds >= item.seconds) break;
      a[i] = a[up] as Queued;
      i = up;
    }
    a[i] = item;
  }

  pop(): Queued | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const c = r < a.length && (a[r] as Queued).seconds > (a[l] as Queued).seconds ? r : l;
      if ((a[c] as Queued).seconds <= last.seconds) break;
      a[i] = a[c] as Queued;
      i = c;
    }
    a[i] = last;
    return top;
  }
}

/**
 * Walks from `currentTips` and `recordedTips` (commit ids; a recorded tip no longer stored is
 * ignored) and returns what the current tips brought. Commits in `shallow` have no parents.
 */
export function newHistorySince(
  reader: ObjectReader,
  recordedTips: Iterable<string>,
  currentTips: Iterable<string>,
  shallow: ReadonlySet<string> = new Set(),
): NewHistory {
  const log = new IssueLog();
  const flags = new Map<string, number>();
  const links = new Map<string, { tree: string; parents: string[] }>();
  const queue = new DateQueue();
  let commitReads = 0;

  const popped = new Set<string>();
  // Queued commits not (yet) marked OLD: the walk may stop once there are none.
  let pendingNew = 0;
  const addMark = (oid: string, had: number, mark: number): void => {
    if ((had & OLD) === 0 && (mark & OLD) !== 0 && !popped.has(oid)) pendingNew--;
    flags.set(oid, had | mark);
  };

  const enqueue = (oid: string, mark: number): void => {
    const had = flags.get(oid);
    if (had !== undefined) {
      addMark(oid, had, mark);
      return;
    }
    let parsed: ReturnType<typeof parseCommit>;
    try {
      commitReads++;
      const object = reader.read(oid);
      if (object.type !== 'commit') return;
      parsed = parseCommit(object.data);
    } catch (error) {
      // A recorded tip that is gone (a deleted branch, rewritten history) simply marks nothing.
      if (mark & OLD) return;
      log.addError(error, oid, 'commit');
      return;
    }
    flags.set(oid, mark);
    if ((mark & OLD) === 0) pendingNew++;
    links.set(oid, { tree: parsed.tree, parents: shallow.has(oid) ? [] : parsed.parents });
    queue.push({ oid, seconds: parsed.committer.seconds });
  };

  // A mark reaching a commit already taken flows on to its parents too (rare: dates out of order).
  const propagate = (from: string, mark: number): void => {
    const stack = [from];
    while (stack.length > 0) {
      const oid = stack.pop() as string;
      for (const parent of links.get(oid)?.parents ?? []) {
        const had = flags.get(parent);
        if (had === undefined || (had | mark) === had) continue;
        addMark(parent, had, mark);
        if (popped.has(parent)) stack.push(parent);
      }
    }
  };

  for (const tip of recordedTips) enqueue(tip, OLD);
  for (const tip of currentTips) enqueue(tip, FROM_NOW);

  const order: string[] = [];
  let slop = SLOP;
  while (queue.size > 0) {
    const next = queue.pop() as Queued;
    const mark = flags.get(next.oid) as number;
    popped.add(next.oid);
    if ((mark & OLD) === 0) pendingNew--;
    order.push(next.oid);
    for (const parent of (links.get(next.oid) as { parents: string[] }).parents) {
      const seen = popped.has(parent);
      enqueue(parent, mark);
      if (seen) propagate(parent, mark);
    }
    if (pendingNew > 0) slop = SLOP;
    else if (slop-- <= 0) break;
  }

  const commits = order.filter((oid) => ((flags.get(oid) as number) & OLD) === 0);
  const trees = new RawTreeCache(reader, log);
  const objects = changedObjects(commits, links, trees);
  return {
    commits,
    objects,
    isOld: (oid) => ((flags.get(oid) ?? 0) & OLD) !== 0,
    reachedNow: (oid) => ((flags.get(oid) ?? 0) & FROM_NOW) !== 0,
    reads: { commits: commitReads, trees: trees.reads },
    issues: log.issues,
  };
}

// Every tree and blob a new commit holds where none of its parents has the same id at the same path.
function changedObjects(commits: string[], links: Map<string, { tree: string; parents: string[] }>, trees: RawTreeCache): string[] {
  const found = new Set<string>();
  for (const commit of commits) {
    const own = links.get(commit) as { tree: string; parents: string[] };
    const parentTrees: Buffer[] = [];
    for (const p of own.parents) {
      const tree = links.get(p)?.tree;
      if (tree !== undefined) parentTrees.push(Buffer.from(tree, 'hex'));
    }
    const root = Buffer.from(own.tree, 'hex');
    if (parentTrees.some((p) => p.equals(root))) continue;
    found.add(own.tree);
    const stack: { tree: Buffer; parents: Buffer[] }[] = [{ tree: root, parents: parentTrees }];
    while (stack.length > 0) {
      const frame = stack.pop() as { tree: Buffer; parents: Buffer[] };
      const data = trees.get(frame.tree);
      if (data === null) continue;
      const before = cursorsOf(trees, frame.parents);
      try {
        diffTree(new RawTreeCursor(data), before, null, (entry, blob, subParents) => {
          if (blob !== null) {
            found.add(blob);
            return;
          }
          const oid = entry.data.subarray(entry.oidStart, entry.oidStart + OID_BYTES);
          const hex = oid.toString('hex');
          if (found.has(hex)) return;
          found.add(hex);
          stack.push({ tree: oid, parents: subParents });
        });
      } catch {
        // A malformed tree is reported by the scan that reads it; its entries cannot be trusted here.
      }
    }
  }
  return [...found];
}
