// Builds archives in memory for tests: zips with yazl, tars with tar-stream, gzip with zlib, bzip2
// and xz with the system's bzip2 and xz tools.
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import yazl from 'yazl';

/** A zip of `files` (name to content); `store` keeps members uncompressed. */
export async function makeZip(files: Record<string, string | Buffer>, options: { store?: boolean } = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { compress: !options.store });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// One fixed time for every member, so a test's archive is the same bytes on every run.
const MTIME = new Date('2026-01-01T00:00:00Z');

/** A tar of `files`. */
export async function makeTar(files: Record<string, string | Buffer>): Promise<Buffer> {
  const tar = tarPack();
  for (const [name, content] of Object.entries(files)) {
    tar.entry({ name, mtime: MTIME }, Buffer.isBuffer(content) ? content : Buffer.from(content));
  }
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A tar.gz of `files`. */
export async function makeTgz(files: Record<string, string | Buffer>): Promise<Buffer> {
  return gzipSync(await makeTar(files));
}

/**
 * Renames a member in place in a built zip (both the local and the central header), for names
 * zip writers refuse to write (`../` and absolute paths). `from` and `to` must be the same length.
 */
export function renameInZip(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('renameInZip: names must be the same length');
  const out = Buffer.from(zip);
  const needle = Buffer.from(from);
  for (let at = out.indexOf(needle); at !== -1; at = out.indexOf(needle, at + 1)) Buffer.from(to).copy(out, at);
  return out;
}

/**
 * An overlapping-entry zip bomb: one compressed member whose central directory record is repeated
 * `copies` times under other one-letter names, all pointing at the same data.
 */
export async function makeOverlapZip(content: Buffer, copies: number): Promise<Buffer> {
  const zip = await makeZip({ a: content });
  const eocd = zip.length - 22;
  const cdSize = zip.readUInt32LE(eocd + 12);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  const record = zip.subarray(cdOffset, cdOffset + cdSize);
  const records: Buffer[] = [];
  for (let i = 0; i < copies; i++) {
    const copy = Buffer.from(record);
    copy[46] = 0x41 + (i % 26); // the one-letter name
    records.push(copy);
  }
  const directory = Buffer.concat(records);
  const end = Buffer.from(zip.subarray(eocd));
  end.writeUInt16LE(copies, 8);
  end.writeUInt16LE(copies, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([zip.subarray(0, cdOffset), directory, end]);
}

/** A zip bomb of zips: `levels` deep, each level `fan` copies of the level below, `leaf` bytes of zeros at the bottom. */
export async function makeNestedZipBomb(levels: number, fan: number, leaf: number): Promise<Buffer> {
  let inner: Buffer = Buffer.alloc(leaf);
  let name = 'zeros.bin';
  for (let level = 0; level < levels; level++) {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < fan; i++) files[`${i}-${name}`] = inner;
    inner = await makeZip(files);
    name = `l${level}.zip`;
  }
  return inner;
}

/** A tar whose first member declares `size` bytes (octal in the header) but holds a few. */
export async function makeLyingTar(name: string, size: number): Promise<Buffer> {
  const tar = Buffer.from(await makeTar({ [name]: 'short' }));
  tar.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  tar.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += tar[i] as number;
  tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return tar;
}

/** A tar holding a symlink member named `name` pointing at `target`, and a file after it. */
export async function makeSymlinkTar(name: string, target: string, after: Record<string, string>): Promise<Buffer> {
  const tar = tarPack();
  tar.entry({ name, type: 'symlink', linkname: target });
  for (const [file, content] of Object.entries(after)) tar.entry({ name: file }, Buffer.from(content));
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `data` compressed by the system's bzip2 (Debian's bzip2 package); `level` 1-9. */
export function makeBzip2(data: Buffer | string, level = 9): Buffer {
  return execFileSync('bzip2', [`-${level}`, '-c'], { input: data, maxBuffer: 1024 ** 3 });
}

/** `data` compressed by the system's xz (Debian's xz-utils package). */
export function makeXz(data: Buffer | string): Buffer {
  return execFileSync('xz', ['-c', '-6'], { input: data, maxBuffer: 1024 ** 3 });
}
