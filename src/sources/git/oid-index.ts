// Object ids numbered 0, 1, 2... in the order they were added, with the number of each found by
// id, looked up in place in the bytes that hold them (a tree's entries: no string, no copy).
// Provenance numbers every commit of a history this way (git.git's mirror: 203,000): a Map of
// hex strings cost about 150 bytes a commit, this about 36 (the ids back to back, 20 bytes each,
// and a table of numbers at most half full). The completeness check remembers the ids it found
// present in it too.

const OID_BYTES = 20;
const INITIAL = 1 << 10;

export class OidIndex {
  private idBytes = Buffer.alloc(INITIAL * OID_BYTES);
  /** Number + 1 of the id in each slot; 0 is an empty slot. */
  private slots = new Int32Array(INITIAL * 2);
  private count = 0;
  private readonly scratch = Buffer.alloc(OID_BYTES);

  get size(): number {
    return this.count;
  }

  /** Whether the id at `data[at, at + 20)` is held. */
  has(data: Uint8Array, at = 0): boolean {
    return this.find(data, at) >= 0;
  }

  /** The number of the id at `data[at, at + 20)`, or -1. */
  find(data: Uint8Array, at = 0): number {
    const mask = this.slots.length - 1;
    for (let slot = hashAt(data, at) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot] as number;
      if (held === 0) return -1;
      if (this.sameAt(held - 1, data, at)) return held - 1;
    }
  }

  /** The number of hex id `hex`, or -1 (also for anything that is not 40 hex digits). */
  findHex(hex: string): number {
    if (hex.length !== OID_BYTES * 2 || this.scratch.write(hex, 'hex') !== OID_BYTES) return -1;
    return this.find(this.scratch);
  }

  /** Adds the id at `data[at, at + 20)` unless present; returns its number. */
  add(data: Uint8Array, at = 0): number {
    const known = this.find(data, at);
    if (known >= 0) return known;
    if ((this.count + 1) * 2 > this.slots.length) this.growSlots();
    if ((this.count + 1) * OID_BYTES > this.idBytes.length) {
      const bigger = Buffer.alloc(this.idBytes.length * 2);
      this.idBytes.copy(bigger);
      this.idBytes = bigger;
    }
    const number = this.count++;
    this.idBytes.set(data.subarray(at, at + OID_BYTES), number * OID_BYTES);
    this.place(number);
    return number;
  }

  /** Adds hex id `hex` (40 hex digits, checked by the caller); returns its number. */
  addHex(hex: string): number {
    this.scratch.write(hex, 'hex');
    return this.add(this.scratch);
  }

  /** The 20-byte id numbered `number` (a view: valid until the next add). */
  idAt(number: number): Buffer {
    return this.idBytes.subarray(number * OID_BYTES, number * OID_BYTES + OID_BYTES);
  }

  /** The hex id numbered `number`. */
  hexAt(number: number): string {
    return this.idBytes.toString('hex', number * OID_BYTES, number * OID_BYTES + OID_BYTES);
  }

  private sameAt(number: number, data: Uint8Array, at: number): boolean {
    const ids = this.idBytes;
    const base = number * OID_BYTES;
    for (let i = 0; i < OID_BYTES; i++) if (ids[base + i] !== data[at + i]) return false;
    return true;
  }

  private place(number: number): void {
    const mask = this.slots.length - 1;
    let slot = hashAt(this.idBytes, number * OID_BYTES) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = number + 1;
  }

  private growSlots(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let n = 0; n < this.count; n++) this.place(n);
  }
}

/** The id's first four bytes as a number: ids are hashes, so this is a fine hash of its own. */
function hashAt(data: Uint8Array, at: number): number {
  return (
    ((data[at] as number) | ((data[at + 1] as number) << 8) | ((data[at + 2] as number) << 16) | ((data[at + 3] as number) << 24)) >>> 0
  );
}

/** Ids appended 20 bytes at a time into one buffer that doubles when full; also a stack. */
export class OidList {
  bytes = Buffer.alloc(OID_BYTES << 10);
  length = 0;

  /** Number of ids held. */
  get count(): number {
    return this.length / OID_BYTES;
  }

  /** Appends the ids in `data` (a multiple of 20 bytes). */
  push(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  /** Appends hex id `hex` (40 hex digits, checked by the caller). */
  pushHex(hex: string): void {
    this.reserve(OID_BYTES);
    this.bytes.write(hex, this.length, OID_BYTES, 'hex');
    this.length += OID_BYTES;
  }

  /** Removes the last id; returns where it starts in `bytes`, valid until the next push. */
  pop(): number {
    this.length -= OID_BYTES;
    return this.length;
  }

  /** The ids held, in a buffer of their own (exactly sized, so sending it to a thread copies nothing else). */
  copy(): Uint8Array {
    return new Uint8Array(this.bytes.subarray(0, this.length));
  }

  private reserve(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    const bigger = Buffer.alloc(Math.max(this.bytes.length * 2, this.length + more));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
  }
}
