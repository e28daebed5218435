// A git bundle file (`git bundle create`, the form CI systems and S3 backups often store code
// in): its header lists refs, the rest is a pack. It is laid out as a private temporary bare
// repository (the pack under objects/pack, the refs as packed-refs) for the history scanner,
// which indexes a pack that has no .idx by reading it. Nothing is run, no git binary.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SourceError } from '../../errors.js';
import { makeTempDir } from '../temp-dirs.js';

const SIGNATURES = ['# v2 git bundle\n', '# v3 git bundle\n'];
const MAX_HEADER = 64 * 1024 * 1024;

/** Whether `data` starts like a git bundle. */
export function isBundleData(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(16, data.byteLength)).toString('latin1');
  return SIGNATURES.includes(head);
}

/** Whether the file at `path` starts like a git bundle. */
export async function isBundleFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await handle.read(head, 0, 16, 0);
    return SIGNATURES.includes(head.toString('latin1', 0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** What a bundle's header says. */
export interface BundleHeader {
  refs: Array<{ name: string; oid: string }>;
  /** Commits the bundle needs but does not hold (a bundle of a range). */
  prerequisites: string[];
  /** Byte offset where the pack starts. */
  packOffset: number;
}

async function readHeader(path: string): Promise<BundleHeader> {
  const handle = await open(path, 'r');
  try {
    let text = '';
    let offset = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
      if (bytesRead === 0 || offset > MAX_HEADER)
        throw new SourceError('SOURCE_BAD_BUNDLE', `${path}: the bundle header never ends`, { path });
      text += chunk.toString('latin1', 0, bytesRead);
      offset += bytesRead;
      const end = text.indexOf('\n\n');
      if (end === -1) continue;
      const refs: BundleHeader['refs'] = [];
      const prerequisites: string[] = [];
      for (const line of text.slice(0, end).split('\n').slice(1)) {
        if (line.startsWith('@')) continue; // v3 capabilities
        const m = /^(-?)([0-9a-f]{40}|[0-9a-f]{64})(?: (.*))?$/.exec(line);
        if (!m) throw new SourceError('SOURCE_BAD_BUNDLE', `${path}: unexpected bundle header line "${line.slice(0, 80)}"`, { path });
        if (m[1] === '-') prerequisites.push(m[2] as string);
        else refs.push({ name: m[3] ?? 'HEAD', oid: m[2] as string });
      }
      return { refs, prerequisites, packOffset: end + 2 };
    }
  } finally {
    await handle.close();
  }
}

/**
 * Lays the bundle at `path` out as a temporary bare repository; returns its path and header.
 * The caller removes it with `rm`.
 * @throws SourceError `SOURCE_BAD_BUNDLE` for a header that is not a bundle's.
 */
export async function unpackBundle(path: string): Promise<{ dir: string; header: BundleHeader }> {
  const header = await readHeader(path);
  const dir = await makeTempDir('credsweep-bundle-');
  try {
    await mkdir(join(dir, 'objects', 'pack'), { recursive: true });
    await mkdir(join(dir, 'refs'), { recursive: true });
    await pipeline(
      createReadStream(path, { start: header.packOffset }),
      createWriteStream(join(dir, 'objects', 'pack', 'pack-bundle.pack')),
    );
    const packed = header.refs.filter((r) => r.name.startsWith('refs/')).map((r) => `${r.oid} ${r.name}`);
    await writeFile(join(dir, 'packed-refs'), `# pack-refs with: peeled\n${packed.join('\n')}\n`);
    const head = header.refs.find((r) => r.name === 'HEAD');
    await writeFile(join(dir, 'HEAD'), head ? `${head.oid}\n` : 'ref: refs/heads/main\n');
    await writeFile(join(dir, 'config'), '[core]\n\tbare = true\n');
    return { dir, header };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
