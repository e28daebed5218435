// Recently resolved pack objects, bounded by bytes, so a delta whose base was just read (the
// usual case in pack order, where git writes delta families together) is not re-inflated and
// long chains are not re-walked.
//
// Recency lives in an append-only queue with lazy deletion, not in the Map's insertion order:
// evicting from a Map's front leaves holes that every later iteration walks over again, which
// made eviction quadratic on histories with hundreds of thousands of small objects.
//
// An object over a quarter of the budget is not cached with the others, but the most recent one
// is kept aside: a chain of deltas over such objects, read in pack order, then finds each base
// there instead of re-walking the chain from the bottom (which cost the square of its depth).
import type { GitObject } from './git-types.js';

// Heap cost of one entry besides its bytes: the Map slot, the slot and object records, the
// Buffer view and its queue places. Measured near 250 bytes; 80 let a cache of small objects hold
// three times its budget.
export const ENTRY_OVERHEAD = 256;

interface Slot {
  object: GitObject;
  /** How many times the key sits in the queue; only its last occurrence counts. */
  queued: number;
}

/**
 * Least-recently-used cache of objects by (pack, offset), limited to a byte budget. The budget
 * counts the memory entries really keep alive: a small Buffer is a slice of a shared 8 KiB pool
 * slab, which stays allocated while any slice of it is cached, so each distinct backing store is
 * charged once, whole, while some entry uses it.
 */
export class ObjectCache {
  private readonly slots = new Map<number, Slot>();
  private readonly backing = new Map<ArrayBufferLike, number>();
  private queue: number[] = [];
  private head = 0;
  private bytes = 0;
  /** The most recent object over a quarter of the budget, and its key. */
  private large: { key: number; object: GitObject } | null = null;
  hits = 0;
  misses = 0;

  /** @param limit byte budget; git's core.deltaBaseCacheLimit default is 96 MiB */
  constructor(readonly limit = 96 << 20) {}

  /** Key of the entry at `offset` of pack `pack` (packs < 8192, offsets < 2^40). */
  static key(pack: number, offset: number): number {
    return pack * 2 ** 40 + offset;
  }

  get(key: number): GitObject | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) {
      if (this.large?.key === key) {
        this.hits++;
        return this.large.object;
      }
      this.misses++;
      return undefined;
    }
    this.hits++;
    slot.queued++;
    this.queue.push(key);
    this.compactIfLong();
    return slot.object;
  }

  set(key: number, object: GitObject): void {
    const cost = object.data.length + ENTRY_OVERHEAD;
    if (cost > this.limit / 4) {
      this.large = { key, object };
      return;
    }
    const old = this.slots.get(key);
    this.hold(object.data);
    if (old !== undefined) {
      this.drop(old.object.data);
      old.object = object;
      old.queued++;
    } else {
      this.slots.set(key, { object, queued: 1 });
    }
    this.queue.push(key);
    if (this.bytes > this.limit) this.evict();
    else this.compactIfLong();
  }

  private hold(data: Buffer): void {
    const users = this.backing.get(data.buffer) ?? 0;
    if (users === 0) this.bytes += data.buffer.byteLength;
    this.backing.set(data.buffer, users + 1);
    this.bytes += ENTRY_OVERHEAD;
  }

  private drop(data: Buffer): void {
    const users = (this.backing.get(data.buffer) ?? 1) - 1;
    if (users === 0) {
      this.backing.delete(data.buffer);
      this.bytes -= data.buffer.byteLength;
    } else {
      this.backing.set(data.buffer, users);
    }
    this.bytes -= ENTRY_OVERHEAD;
  }

  /** Bytes charged against the budget now. */
  get charged(): number {
    return this.bytes;
  }

  private evict(): void {
    const queue = this.queue;
    while (this.bytes > this.limit && this.head < queue.length) {
      const key = queue[this.head++] as number;
      const slot = this.slots.get(key) as Slot;
      if (--slot.queued > 0) continue;
      this.slots.delete(key);
      this.drop(slot.object.data);
    }
    if (this.head > 4096 && this.head * 2 > queue.length) {
      this.queue = queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Drops stale queue entries once hits have made the queue much longer than the cache. */
  private compactIfLong(): void {
    if (this.queue.length - this.head < 4 * this.slots.size + 65536) return;
    const kept: number[] = [];
    const seen = new Set<number>();
    for (let i = this.queue.length - 1; i >= this.head; i--) {
      const key = this.queue[i] as number;
      if (seen.has(key)) continue;
      seen.add(key);
      (this.slots.get(key) as Slot).queued = 1;
      kept.push(key);
    }
    this.queue = kept.reverse();
    this.head = 0;
  }

  clear(): void {
    this.large = null;
    this.slots.clear();
    this.backing.clear();
    this.queue = [];
    this.head = 0;
    this.bytes = 0;
  }
}
