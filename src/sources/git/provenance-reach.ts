// Which refs reach each commit. A repository may have thousands of tags and a million commits,
// so per-commit sets are interned bitsets over ref indices: commits share one id per distinct
// set (in practice about one per tag or branch segment), and unions are memoised by id pair.

import type { CommitGraph } from './provenance-graph.js';

/** Interned sets of ref indices; id 0 is the empty set. */
export class RefSetTable {
  private readonly words: number;
  private readonly sets: Uint32Array[];
  private readonly idByKey = new Map<string, number>();
  private readonly unions = new Map<number, number>();
  private readonly names = new Map<number, string[]>();

  constructor(private readonly refNames: readonly string[]) {
    this.words = Math.max(1, Math.ceil(refNames.length / 32));
    this.sets = [new Uint32Array(this.words)];
    this.idByKey.set(keyOf(this.sets[0] as Uint32Array), 0);
  }

  /** The id of the set holding only ref `index`. */
  single(index: number): number {
    const bits = new Uint32Array(this.words);
    bits[index >>> 5] = 1 << (index & 31);
    return this.intern(bits);
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
    const x = this.sets[lo] as Uint32Array;
    const y = this.sets[hi] as Uint32Array;
    const bits = new Uint32Array(this.words);
    for (let w = 0; w < this.words; w++) bits[w] = (x[w] as number) | (y[w] as number);
    const id = this.intern(bits);
    this.unions.set(pair, id);
    return id;
  }

  /** The ref names in set `id`, sorted. */
  namesOf(id: number): string[] {
    let list = this.names.get(id);
    if (list === undefined) {
      list = [];
      const bits = this.sets[id] as Uint32Array;
      for (let w = 0; w < this.words; w++) {
        let word = bits[w] as number;
        while (word !== 0) {
          const bit = 31 - Math.clz32(word & -word);
          list.push(this.refNames[w * 32 + bit] as string);
          word &= word - 1;
        }
      }
      list.sort();
      this.names.set(id, list);
    }
    return list;
  }

  /** How many distinct sets exist (for diagnostics). */
  get size(): number {
    return this.sets.length;
  }

  private intern(bits: Uint32Array): number {
    const key = keyOf(bits);
    const known = this.idByKey.get(key);
    if (known !== undefined) return known;
    const id = this.sets.length;
    this.sets.push(bits);
    this.idByKey.set(key, id);
    return id;
  }
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
export function computeReach(
  graph: CommitGraph,
  childrenFirst: Int32Array,
  tips: RefTips,
): { table: RefSetTable; setOf: Int32Array } {
  const table = new RefSetTable(tips.names);
  const setOf = new Int32Array(graph.oids.length);
  tips.commits.forEach((commit, ref) => {
    setOf[commit] = table.union(setOf[commit] as number, table.single(ref));
  });
  for (const i of childrenFirst) {
    const own = setOf[i] as number;
    if (own === 0) continue;
    for (const p of graph.parents[i] as number[]) setOf[p] = table.union(setOf[p] as number, own);
  }
  return { table, setOf };
}

function keyOf(bits: Uint32Array): string {
  return Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength).toString('latin1');
}
