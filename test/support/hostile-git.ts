// Builds hostile git object stores byte by byte, for tests that check the reader refuses them:
// packs whose headers lie about sizes, deltas that claim huge results, loose zlib bombs. Nothing
// here runs git, since git itself would spend the memory these inputs are built to cost.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';

/** Pack entry type numbers. */
export const PACK_TYPE = { commit: 1, tree: 2, blob: 3, tag: 4, ofsDelta: 6, refDelta: 7 } as const;

/** The size header of a pack entry: type in bits 4-6 of the first byte, size in 4 + 7n bits. */
export function entryHeader(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let rest = Math.floor(size / 16);
  bytes.push((type << 4) | (size % 16) | (rest > 0 ? 0x80 : 0));
  while (rest > 0) {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(low | (rest > 0 ? 0x80 : 0));
  }
  return Buffer.from(bytes);
}

/** Git's OFS_DELTA distance encoding (each continuation adds one). */
export function ofsDistance(distance: number): Buffer {
  const bytes = [distance & 0x7f];
  let n = distance >>> 7;
  while (n > 0) {
    n -= 1;
    bytes.unshift(0x80 | (n & 0x7f));
    n >>>= 7;
  }
  return Buffer.from(bytes);
}

/** A delta size: little-endian base-128. */
export function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(low | (rest > 0 ? 0x80 : 0));
  } while (rest > 0);
  return Buffer.from(bytes);
}

/**
 * A delta against a base of `baseSize` (at least 64 KiB) that really produces `resultSize` bytes
 * by copying the base's first 64 KiB again and again: one instruction byte per 64 KiB, so a
 * 4 GiB result costs 64 KiB of delta, which deflates to almost nothing.
 */
export function repeatingDelta(baseSize: number, resultSize: number): Buffer {
  const copies = Math.floor(resultSize / 0x10000);
  const tail = resultSize % 0x10000;
  const ops = Buffer.alloc(copies, 0x80); // copy, offset 0, size 0 meaning 0x10000
  const last = tail > 0 ? Buffer.from([0x80 | 0x10 | 0x20, tail & 0xff, tail >> 8]) : Buffer.alloc(0);
  return Buffer.concat([varint(baseSize), varint(resultSize), ops, last]);
}

/** One pack entry: a whole object, or an OFS_DELTA `distance` entries... back at the entry numbered `base`. */
export type PackEntrySpec =
  | { type: 'commit' | 'tree' | 'blob' | 'tag'; data: Buffer; claimedSize?: number; deflated?: Buffer }
  | { type: 'ofsDelta'; base: number; delta: Buffer };

/** A pack and where each entry starts. */
export interface BuiltPack {
  bytes: Buffer;
  offsets: number[];
}

/** A version-2 pack of `entries` (delta bases must come earlier), with its SHA-1 trailer. */
export function buildPack(entries: PackEntrySpec[]): BuiltPack {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(12);
  head.write('PACK', 0, 'latin1');
  head.writeUInt32BE(2, 4);
  head.writeUInt32BE(entries.length, 8);
  parts.push(head);
  const offsets: number[] = [];
  let offset = 12;
  for (const e of entries) {
    offsets.push(offset);
    let bytes: Buffer;
    if (e.type === 'ofsDelta') {
      const distance = offset - (offsets[e.base] as number);
      bytes = Buffer.concat([entryHeader(PACK_TYPE.ofsDelta, e.delta.length), ofsDistance(distance), zlib.deflateSync(e.delta)]);
    } else {
      const data = e.deflated ?? zlib.deflateSync(e.data);
      bytes = Buffer.concat([entryHeader(PACK_TYPE[e.type], e.claimedSize ?? e.data.length), data]);
    }
    parts.push(bytes);
    offset += bytes.length;
  }
  const body = Buffer.concat(parts);
  return { bytes: Buffer.concat([body, createHash('sha1').update(body).digest()]), offsets };
}

/**
 * A version-2 .idx for `pack` naming entry i `oids[i]` (any ids will do: the reader trusts the
 * index, as git does), so the pack is read as a repository's own packs are.
 */
export function buildIndex(pack: BuiltPack, oids: string[]): Buffer {
  const order = oids.map((oid, i) => ({ oid: Buffer.from(oid, 'hex'), offset: pack.offsets[i] as number }));
  order.sort((a, b) => Buffer.compare(a.oid, b.oid));
  const fanout = Buffer.alloc(1024);
  for (let b = 0; b < 256; b++) fanout.writeUInt32BE(order.filter((e) => (e.oid[0] as number) <= b).length, b * 4);
  const offsets = Buffer.alloc(order.length * 4);
  order.forEach((e, i) => {
    offsets.writeUInt32BE(e.offset, i * 4);
  });
  const body = Buffer.concat([
    Buffer.from([0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]),
    fanout,
    ...order.map((e) => e.oid),
    Buffer.alloc(order.length * 4), // CRC32s, which nothing here checks
    offsets,
    pack.bytes.subarray(pack.bytes.length - 20),
  ]);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}

/** Writes `pack` into the repository's object store, with `idx` or none (credsweep then indexes it). */
export function addPack(gitDir: string, pack: BuiltPack, idx: Buffer | null, name = 'hostile'): string {
  const dir = join(gitDir, 'objects', 'pack');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `pack-${name}.pack`);
  writeFileSync(path, pack.bytes);
  if (idx !== null) writeFileSync(join(dir, `pack-${name}.idx`), idx);
  return path;
}

/** Writes a loose object file holding exactly `raw` (already deflated), under the id `oid`. */
export function addLooseFile(gitDir: string, oid: string, raw: Buffer): string {
  const dir = join(gitDir, 'objects', oid.slice(0, 2));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, oid.slice(2));
  writeFileSync(path, raw);
  return path;
}

/**
 * A loose blob of `size` zero bytes, deflated: a zlib bomb of about size/1000 bytes. Deflated as
 * a stream, so the test never holds the inflated whole.
 */
export function looseZeroBomb(size: number): Promise<Buffer> {
  return deflateZeros(size, Buffer.from(`blob ${size}\0`));
}

/** `prefix` then `size` zero bytes, deflated as a stream. */
export async function deflateZeros(size: number, prefix = Buffer.alloc(0)): Promise<Buffer> {
  const deflate = zlib.createDeflate({ level: 1 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  deflate.write(prefix);
  const zero = Buffer.alloc(16 << 20);
  for (let left = size; left > 0; left -= zero.length) {
    if (!deflate.write(zero.subarray(0, Math.min(left, zero.length)))) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}
