// A set of binary object ids, looked up in place in the bytes that hold them (a tree's entries).
// The completeness check asks about every entry of every tree of a history, tens of millions on
// redis, nearly all already seen; a Set of hex strings made a string per entry and hashed it, and
// cost about a tenth of the scan workers' time. Ids are hashes, so their first four bytes are a
// fine hash themselves: open addressing, linear probing, the table doubled at half full.

const INITIAL_SLOTS = 1 << 12;

export class OidSet {
  private slots = INITIAL_SLOTS;
  private ids: Buffer;
  private used: Uint8Array;
  private count = 0;

  constructor(private readonly width = 20) {
    this.ids = Buffer.alloc(this.slots * width);
    this.used = new Uint8Array(this.slots);
  }

  get size(): number {
    return this.count;
  }

  /** Whether the id at `data[at, at + width)` is in the set. */
  has(data: Uint8Array, at: number): boolean {
    return this.find(data, at) >= 0;
  }

  /** Adds the id at `data[at, at + width)`. */
  add(data: Uint8Array, at: number): void {
    if (this.find(data, at) >= 0) return;
    if ((this.count + 1) * 2 > this.slots) this.grow();
    this.put(data, at);
  }

  // The slot holding the id, or -1.
  private find(data: Uint8Array, at: number): number {
    const mask = this.slots - 1;
    for (let slot = hashAt(data, at) & mask; this.used[slot]; slot = (slot + 1) & mask) {
      if (this.sameAt(slot, data, at)) return slot;
    }
    return -1;
  }

  private sameAt(slot: number, data: Uint8Array, at: number): boolean {
    const ids = this.ids;
    const base = slot * this.width;
    for (let i = 0; i < this.width; i++) if (ids[base + i] !== data[at + i]) return false;
    return true;
  }

  private put(data: Uint8Array, at: number): void {
    const mask = this.slots - 1;
    let slot = hashAt(data, at) & mask;
    while (this.used[slot]) slot = (slot + 1) & mask;
    this.used[slot] = 1;
    this.ids.set(data.subarray(at, at + this.width), slot * this.width);
    this.count++;
  }

  private grow(): void {
    const { ids, used, slots } = this;
    this.slots = slots * 2;
    this.ids = Buffer.alloc(this.slots * this.width);
    this.used = new Uint8Array(this.slots);
    this.count = 0;
    for (let slot = 0; slot < slots; slot++) if (used[slot]) this.put(ids, slot * this.width);
  }
}

/** The id's first four bytes as a number: ids are hashes, so this is a fine hash of its own. */
export function hashAt(data: Uint8Array, at: number): number {
  return (
    ((data[at] as number) | ((data[at + 1] as number) << 8) | ((data[at + 2] as number) << 16) | ((data[at + 3] as number) << 24)) >>> 0
  );
}
