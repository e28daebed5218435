// Which refs reach each commit. A repository may have thousands of tags, a mirror 100,000
// `refs/pull/*` refs, and a million commits. Sets of up to SMALL refs are held whole, sorted and
// interned (commits share one id per distinct set: in practice about one per tag or branch
// segment). A larger union is kept as the pair it was made from and spelled out only when asked
// (for the few commits that hold findings): whole bitsets of 100,000 refs, one per distinct set,
// grew with the square of the ref count (5 GB for 100,000 refs). Unions are memoised by id pair.

import { type CommitGraph, parentsOf } from './provenance-graph.js';

const SMALL = 64;

/** Interned sets of ref indices; id 0 is the empty set. */
export class RefSetTable {
  /** Members of each small set (sorted), or null for a union kept as its pair. */
  private readonly members: (Uint32Array | null)[] = [new Uint32Array(0)];
  /** For a kept pair: its two set ids, at 2*id and 2*id+1. */
  private readonly pairs: number[] = [0, 0];
  private readonly idByKey = new Map<string, number>([['', 0]]);
  private readonly unions = new Map<number, number>();
  private readonly names = new Map<number, string[]>();

  constructor(private readonly refNames: readonly string[]) {}

  /** The id of the set holding only ref `index`. */
  single(index: number): number {
    return this.intern(Uint32Array.of(index));
  }

  /** The id of the union of two sets. */
  union(a: number, b: number): number {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const pair = lo * 0x4000000 + hi;
    const known = this.unions.get(pair);
    if (known !== undefined) return known;
    const x = this.members[lo];
    const y = this.members[hi];
    let id: number;
    if (x && y && x.length + y.length <= 2 * SMALL) {
      const merged = mergeSorted(x, y);
      id = merged.length <= SMALL ? this.intern(merged) : this.keep(lo, hi);
    } else {
      id = this.keep(lo, hi);
    }
    this.unions.set(pair, id);
    return id;
  }

  /** The ref names in set `id`, sorted. */
  namesOf(id: number): string[] {
    let list = this.names.get(id);
    if (list === undefined) {
      list = Array.from(this.indicesOf(id), (i) => this.refNames[i] as string).sort();
      this.names.set(id, list);
    }
    return list;
  }

  /** How many sets exist (for diagnostics). */
  get size(): number {
    return this.members.length;
  }

  // A kept pair's members: every small set under it, walked without recursion (pairs nest deep).
  private indicesOf(id: number): Iterable<number> {
    const small = this.members[id];
    if (small) return small;
    const found = new Set<number>();
    const seen = new Set<number>([id]);
    const stack = [id];
    while (stack.length > 0) {
      const at = stack.pop() as number;
      const m = this.members[at];
      if (m) {
        for (const i of m) found.add(i);
        continue;
      }
      for (const next of [this.pairs[2 * at] as number, this.pairs[2 * at + 1] as number]) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return found;
  }

  private keep(a: number, b: number): number {
    const id = this.members.length;
    this.members.push(null);
    this.pairs.push(a, b);
    return id;
  }

  private intern(sorted: Uint32Array): number {
    const key = sorted.join(',');
    const known = this.idByKey.get(key);
    if (known !== undefined) return known;
    const id = this.members.length;
    this.members.push(sorted);
    this.pairs.push(0, 0);
    this.idByKey.set(key, id);
    return id;
  }
}

function mergeSorted(x: Uint32Array, y: Uint32Array): Uint32Array {
  const out = new Uint32Array(x.length + y.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < x.length || j < y.length) {
    const a = i < x.length ? (x[i] as number) : Number.POSITIVE_INFINITY;
    const b = j < y.length ? (y[j] as number) : Number.POSITIVE_INFINITY;
    const next = Math.min(a, b);
    if (a === next) i++;
    if (b === next) j++;
    out[n++] = next;
  }
  return out.subarray(0, n);
}

/** Ref tips: names (index = ref index) and the commit index each names. */
export interface RefTips {
  names: string[];
  commits: number[];
}

/**
 * Propagates ref sets from tips down to ancestors in children-first order, so each commit's
 * set is final before it is pushed to its parents. Returns the table and each commit's set id.
 */
export function computeReach(graph: CommitGraph, childrenFirst: Int32Array, tips: RefTips): { table: RefSetTable; setOf: Int32Array } {
  const table = new RefSetTable(tips.names);
  const setOf = new Int32Array(graph.count);
  tips.commits.forEach((commit, ref) => {
    setOf[commit] = table.union(setOf[commit] as number, table.single(ref));
  });
  for (const i of childrenFirst) {
    const own = setOf[i] as number;
    if (own === 0) continue;
    for (const p of parentsOf(graph, i)) setOf[p] = table.union(setOf[p] as number, own);
  }
  return { table, setOf };
}
