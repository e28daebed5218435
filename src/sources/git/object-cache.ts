// Recently resolved pack objects, bounded by bytes, so a delta whose base was just read (the
// usual case in pack order, where git writes delta families together) is not re-inflated and
// long chains are not re-walked.
import type { GitObject } from './git-types.js';

// Map and object overhead per entry, so many tiny objects still count against the budget.
const ENTRY_OVERHEAD = 80;

/** Least-recently-used cache of objects by (pack, offset), limited to a byte budget. */
export class ObjectCache {
  private readonly entries = new Map<number, GitObject>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  /** @param limit byte budget; git's core.deltaBaseCacheLimit default is 96 MiB */
  constructor(readonly limit = 96 << 20) {}

  /** Key of the entry at `offset` of pack `pack` (packs < 4096, offsets < 2^40). */
  static key(pack: number, offset: number): number {
    return pack * 2 ** 40 + offset;
  }

  get(key: number): GitObject | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-inserting moves the entry to the young end of the Map's insertion order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  set(key: number, object: GitObject): void {
    const cost = object.data.length + ENTRY_OVERHEAD;
    if (cost > this.limit / 4) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.bytes -= old.data.length + ENTRY_OVERHEAD;
    }
    this.entries.set(key, object);
    this.bytes += cost;
    if (this.bytes <= this.limit) return;
    for (const [oldest, value] of this.entries) {
      this.entries.delete(oldest);
      this.bytes -= value.data.length + ENTRY_OVERHEAD;
      if (this.bytes <= this.limit) break;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
