// The tokenizer's vocabulary (cl100k_base's 100,256 byte-pair ranks, from the gpt-tokenizer
// package) as a hash table from a piece's bytes to its rank, written by the build beside the
// compiled code. The package ships the ranks as a 1.1 MB JavaScript array literal and builds two
// Maps of them on load: 100-140 ms and some 15 MB in each thread that meets its first generic or
// entropy match (a pre-commit hook with one such line, every scan thread of a history scan); read
// as JSON, still about 50 ms. This file is read into one buffer and used as it is (about 2 ms).
// A run without it (from src/) or with one written from another version of the package builds
// the same table from the package's array.
//
// Layout: a head of Uint32s, little-endian (magic, format, rank count n, slot count, byte
// count, the length of the package's version), then 0x01020304 in the byte order of the machine
// that wrote the file, the version's bytes padded to 4; then n + 1 Uint32 offsets into the bytes
// (rank r is bytes[offset[r], offset[r + 1])), the slots (Int32 rank or -1, open addressing from
// the bytes' FNV-1a hash), both in that machine's byte order (used as typed arrays, so a machine
// of the other order builds its own table), and the bytes.
import { isUtf8 } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Where the build writes the table: beside the compiled code (dist/), never in src/. */
export const TOKEN_TABLE_FILE = fileURLToPath(new URL('../token-table.bin', import.meta.url));

const MAGIC = 0x4b545343; // 'CSTK'
const FORMAT = 2;
const ORDER = 0x01020304;
const HEAD = 28;

const require = createRequire(import.meta.url);

/** From a piece's bytes to its rank. */
export interface TokenTable {
  /** The rank of `bytes[start, end)`, or -1 when no rank has exactly those bytes. */
  rank(bytes: Uint8Array, start: number, end: number): number;
}

function packageVersion(): string {
  return (require('gpt-tokenizer/package.json') as { version: string }).version;
}

// The length of `n` bytes padded to a multiple of 4, where the typed arrays after them start.
const padded = (n: number): number => n + ((4 - (n % 4)) % 4);

function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}

// The bytes of each rank as the package looks them up. It looks a piece that is valid UTF-8 up
// among its string ranks only, so a rank given as bytes that are valid UTF-8 can never be found:
// the table leaves such ranks out.
function packageRankBytes(): Uint8Array[] {
  const ranks = (require('gpt-tokenizer/bpeRanks/cl100k_base') as { default: (string | number[])[] }).default;
  const none = new Uint8Array(0);
  // Array.from, not map: a gap in the array (the package allows them) is a rank with no bytes.
  return Array.from(ranks, (r) => {
    if (r === undefined) return none;
    if (typeof r === 'string') return Buffer.from(r, 'utf8');
    const bytes = Uint8Array.from(r);
    return isUtf8(bytes) ? none : bytes;
  });
}

function tableOf(offsets: Uint32Array, slots: Int32Array, bytes: Uint8Array): TokenTable {
  const mask = slots.length - 1;
  return {
    rank(piece, start, end) {
      const length = end - start;
      // At most every slot once: a table the check below let through cannot loop for ever.
      for (let i = hash(piece, start, end) & mask, probes = 0; probes < slots.length; i = (i + 1) & mask, probes++) {
        const r = slots[i] as number;
        if (r < 0) return -1;
        // A slot naming no rank (damage) is passed over like a slot of another piece.
        if (r >= offsets.length - 1) continue;
        const at = offsets[r] as number;
        if ((offsets[r + 1] as number) - at !== length) continue;
        let k = 0;
        while (k < length && bytes[at + k] === piece[start + k]) k++;
        if (k === length) return r;
      }
      return -1;
    },
  };
}

// Builds the image of the table for `ranks` (each rank's bytes; empty: left out).
function image(ranks: readonly Uint8Array[], version: string): Buffer {
  let slotCount = 1;
  while (slotCount < ranks.length * 2.5) slotCount *= 2;
  const offsets = new Uint32Array(ranks.length + 1);
  ranks.forEach((r, i) => {
    offsets[i + 1] = (offsets[i] as number) + r.length;
  });
  const bytes = Buffer.concat(ranks);
  const slots = new Int32Array(slotCount).fill(-1);
  ranks.forEach((r, rank) => {
    if (r.length === 0) return;
    let i = hash(r, 0, r.length) & (slotCount - 1);
    while ((slots[i] as number) >= 0) i = (i + 1) & (slotCount - 1);
    slots[i] = rank;
  });
  const name = Buffer.from(version, 'utf8');
  const head = Buffer.alloc(padded(HEAD + name.length));
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(FORMAT, 4);
  head.writeUInt32LE(ranks.length, 8);
  head.writeUInt32LE(slotCount, 12);
  head.writeUInt32LE(bytes.length, 16);
  head.writeUInt32LE(name.length, 20);
  Buffer.from(Uint32Array.of(ORDER).buffer).copy(head, 24);
  name.copy(head, HEAD);
  return Buffer.concat([head, Buffer.from(offsets.buffer), Buffer.from(slots.buffer), bytes]);
}

// The table in `data` when it is whole and made from `version` of the package, else null.
function parse(bytesIn: Buffer, version: string): TokenTable | null {
  let data = bytesIn;
  if (data.length < HEAD || data.readUInt32LE(0) !== MAGIC || data.readUInt32LE(4) !== FORMAT) return null;
  const [count, slotCount, byteCount, nameLength] = [8, 12, 16, 20].map((at) => data.readUInt32LE(at)) as [number, number, number, number];
  const start = padded(HEAD + nameLength);
  if (start > data.length || data.toString('utf8', HEAD, HEAD + nameLength) !== version) return null;
  // As written: a power of two above the rank count, so a sound table has empty slots.
  if (slotCount <= count || (slotCount & (slotCount - 1)) !== 0) return null;
  if (data.length !== start + (count + 1) * 4 + slotCount * 4 + byteCount) return null;
  // The typed arrays below are views: the parts start at multiples of 4 within the file, so only
  // a buffer that does not start at one needs a copy.
  if (data.byteOffset % 4 !== 0) data = Buffer.from(data);
  if (new Uint32Array(data.buffer, data.byteOffset + 24, 1)[0] !== ORDER) return null;
  const base = data.byteOffset + start;
  const offsets = new Uint32Array(data.buffer, base, count + 1);
  const slots = new Int32Array(data.buffer, base + (count + 1) * 4, slotCount);
  const bytes = new Uint8Array(data.buffer, base + (count + 1) * 4 + slotCount * 4, byteCount);
  return offsets[count] === byteCount ? tableOf(offsets, slots, bytes) : null;
}

/** Writes the table of the installed package's cl100k_base ranks to `file`. */
export function writeTokenTable(file = TOKEN_TABLE_FILE): void {
  writeFileSync(file, image(packageRankBytes(), packageVersion()));
}

/** The table in `file` when it was written from the installed package, else one built now. */
export function loadTokenTable(file = TOKEN_TABLE_FILE): TokenTable {
  const version = packageVersion();
  try {
    const table = parse(readFileSync(file), version);
    if (table !== null) return table;
  } catch {
    // No file (a run from src/, a build that has not written it): built below.
  }
  const built = image(packageRankBytes(), version);
  return parse(built, version) as TokenTable;
}
