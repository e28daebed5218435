// Builds archives in memory for tests: zips with yazl, tars with tar-stream, gzip with zlib.
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

/** A tar of `files`. */
export async function makeTar(files: Record<string, string | Buffer>): Promise<Buffer> {
  const tar = tarPack();
  for (const [name, content] of Object.entries(files)) tar.entry({ name }, Buffer.isBuffer(content) ? content : Buffer.from(content));
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
