// A bounded cache of raw tree objects for provenance. Commits are visited parents-first, so a
// commit's parent trees were usually read one step earlier. Trees stay as the bytes the object
// store returned (no parsing, so caching them costs only the Map slot), keyed by a small integer
// made from the id's first bytes (no hex string, no heap number); the whole id is checked on a hit.
// Two generations (the older dropped when the recent one fills half the budget) give LRU-like
// hit rates without a Map delete and re-insert on every hit.

import type { ObjectReader } from './git-types.js';
import type { IssueLog } from './provenance-issues.js';

/** Default budget in bytes of tree data held (the buffers are shared with the store's cache). */
export const DEFAULT_TREE_CACHE_BYTES = 32 << 20;

// Map slot, entry object and the buffer's own header, so many tiny trees still count.
const ENTRY_OVERHEAD = 160;

interface Slot {
  oid: Buffer;
  data: Buffer | null;
}

/** A 30-bit integer naming `oid` well enough to find it in a Map (the full id is compared after). */
export function oidKey(oid: Buffer, at = 0): number {
  return ((oid[at] as number) << 22) | ((oid[at + 1] as number) << 14) | ((oid[at + 2] as number) << 6) | ((oid[at + 3] as number) >>> 2);
}

/** Reads trees by raw id through a two-generation cache bounded by bytes. */
export class RawTreeCache {
  private recent = new Map<number, Slot>();
  private older = new Map<number, Slot>();
  private held = 0;
  /** Trees read from the store (cache misses), for diagnostics. */
  reads = 0;

  constructor(
    private readonly reader: ObjectReader,
    private readonly log: IssueLog,
    private readonly budget = DEFAULT_TREE_CACHE_BYTES,
  ) {}

  /** The tree's bytes, or null (with an issue logged once) when it is missing, damaged or not a tree. */
  get(oid: Buffer): Buffer | null {
    const key = oidKey(oid);
    const hit = this.recent.get(key);
    if (hit?.oid.equals(oid)) return hit.data;
    const old = this.older.get(key);
    if (old?.oid.equals(oid)) {
      this.remember(key, old);
      return old.data;
    }
    const slot: Slot = { oid: Buffer.from(oid), data: this.load(oid) };
    this.remember(key, slot);
    return slot.data;
  }

  private load(oid: Buffer): Buffer | null {
    this.reads++;
    try {
      const object = this.reader.readRaw ? this.reader.readRaw(oid) : this.reader.read(oid.toString('hex'));
      if (object.type === 'tree') return object.data;
      const hex = oid.toString('hex');
      this.log.add({ code: 'GIT_CORRUPT_OBJECT', message: `expected a tree, found a ${object.type}: ${hex}`, object: hex });
    } catch (error) {
      this.log.addError(error, oid.toString('hex'), 'tree');
    }
    return null;
  }

  private remember(key: number, slot: Slot): void {
    if (this.held >= this.budget / 2) {
      this.older = this.recent;
      this.recent = new Map();
      this.held = 0;
    }
    this.recent.set(key, slot);
    this.held += (slot.data?.length ?? 0) + ENTRY_OVERHEAD;
  }
}
