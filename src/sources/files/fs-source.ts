// Files on disk as blobs: a directory tree (without its .git) or a single file.
//
// Nothing is lost silently: every entry the walk meets is either read, reported as skipped (with
// a reason the summary can count), or reported as an issue (which makes the scan incomplete).
// Symbolic links: by default they are not followed, so nothing outside the target is ever read,
// and each link is reported as skipped 'symlink'. With followSymlinks they are followed wherever
// they point, inside the target or outside it, since the user asked for exactly that; a link
// back to a directory on its own path is a loop (issue FS_SYMLINK_LOOP), and a link to a
// directory already walked is reported as skipped 'symlink', which keeps the walk linear.
// FIFOs, sockets and devices are never opened (a FIFO would block). Names are walked as raw
// bytes, so a file whose name is not valid UTF-8 is read too; its path is shown with `\xNN`.
import { constants, type Dirent, type Stats } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { SourceError } from '../../errors.js';
import type { Blob, ScanIssue } from '../../types.js';
import { blobId } from '../blob-id.js';
import { decodeTreeName } from '../git/tree-parse.js';

const decodeName = (raw: Buffer) => decodeTreeName(raw, 0, raw.length);

const DOT_GIT = Buffer.from('.git');

// A child path built from raw bytes (join() would decode them and lose what is not UTF-8).
function childPath(parent: string | Buffer, name: Buffer): Buffer {
  return Buffer.concat([typeof parent === 'string' ? Buffer.from(parent) : parent, Buffer.from('/'), name]);
}

// Identity of a real directory for loop detection: its raw bytes, as a string key.
const keyOf = (path: Buffer) => path.toString('latin1');

/** Why an entry was not read. */
export type SkipReason = 'too-large' | 'symlink' | 'special';

/** One result of a walk: a file's content, a problem, or an entry deliberately not read. */
export type FsEntry =
  | { kind: 'blob'; blob: Blob }
  | { kind: 'issue'; issue: ScanIssue }
  /** `size` is the file's size in bytes; 0 for symlinks, whose targets are not examined. */
  | { kind: 'skipped'; path: string; size: number; reason: SkipReason };

/** Options of walkFiles. */
export interface WalkOptions {
  /** Files larger than this (bytes) are reported as skipped 'too-large' without being read. */
  maxBlobSize: number;
  /** Follow symbolic links (default false). */
  followSymlinks?: boolean;
  /** Called with each file's and directory's relative path; true leaves it out (a directory with all it holds). */
  skip?: (relPath: string) => boolean;
}

// Enough reads in flight to keep the disk busy; few enough that at most this many files are
// held in memory at once on top of what the consumer keeps.
const READS_IN_FLIGHT = 8;

// Absent on Windows; there the race they guard against is simply not guarded.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** A regular file found by the walk, to be read. */
interface FileJob {
  kind: 'file';
  abs: string | Buffer;
  rel: string;
  /** True when the path may be a symlink that must be followed. */
  follow: boolean;
}

/** A directory waiting to be listed, with the real paths of the directories above it (for loop detection). */
interface DirJob {
  abs: string | Buffer;
  rel: string;
  /** {@link keyOf} the directory's real path. */
  real: string;
  chain: readonly string[];
}

type Step = FsEntry | FileJob;

/**
 * Walks `target` (a directory or one file) and yields its files as blobs, with paths relative to
 * the target and `/`-separated. Directory entries are visited in sorted order so runs are
 * reproducible. Throws SourceError SOURCE_NOT_FOUND when the target does not exist.
 */
export async function* walkFiles(target: string, options: WalkOptions): AsyncGenerator<FsEntry> {
  const top = await statTarget(target);
  const steps = top.isDirectory() ? walkTree(target, options) : walkSingle(target, top);
  // A FIFO of results keeps reads overlapping while the output order stays the walk's order.
  const pending: Promise<FsEntry>[] = [];
  for await (const step of steps) {
    pending.push(step.kind === 'file' ? readFileEntry(step, target, options.maxBlobSize) : Promise.resolve(step));
    if (pending.length >= READS_IN_FLIGHT) yield await (pending.shift() as Promise<FsEntry>);
  }
  while (pending.length > 0) yield await (pending.shift() as Promise<FsEntry>);
}

async function statTarget(target: string): Promise<Stats> {
  try {
    return await stat(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SourceError('SOURCE_NOT_FOUND', `target ${target} does not exist`, { target });
    }
    throw new SourceError('SOURCE_UNREADABLE', `target ${target} cannot be read: ${(err as Error).message}`, { target });
  }
}

async function* walkSingle(target: string, info: Stats): AsyncGenerator<Step> {
  const rel = basename(target);
  if (info.isFile()) yield { kind: 'file', abs: target, rel, follow: true };
  else yield skipped(rel, info.size, 'special');
}

async function* walkTree(target: string, options: WalkOptions): AsyncGenerator<Step> {
  const follow = options.followSymlinks ?? false;
  let rootReal: string;
  try {
    rootReal = keyOf(follow ? await realpath(target, { encoding: 'buffer' }) : Buffer.from(target));
  } catch (err) {
    yield unreadable('.', err);
    return;
  }
  const visited = new Set<string>([rootReal]);
  const stack: DirJob[] = [{ abs: target, rel: '', real: rootReal, chain: [rootReal] }];
  while (stack.length > 0) {
    const dir = stack.pop() as DirJob;
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(dir.abs, { withFileTypes: true, encoding: 'buffer' });
    } catch (err) {
      yield unreadable(dir.rel || '.', err);
      continue;
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    const subdirs: DirJob[] = [];
    for (const entry of entries) {
      // `.git` is a directory in a clone and a file in a worktree or submodule; history is another source's job.
      if (entry.name.equals(DOT_GIT)) continue;
      const name = decodeName(entry.name);
      const rel = dir.rel === '' ? name : `${dir.rel}/${name}`;
      if (options.skip?.(rel)) continue;
      const abs = childPath(dir.abs, entry.name);
      const type = await typeOf(entry, abs);
      if (type === 'file') yield { kind: 'file', abs, rel, follow: false };
      else if (type === 'dir') {
        const real = `${dir.real}/${keyOf(entry.name)}`;
        visited.add(real);
        subdirs.push({ abs, rel, real, chain: [...dir.chain, real] });
      } else if (type === 'link' && follow) {
        const next = yield* followLink(abs, rel, dir.chain, visited);
        if (next) subdirs.push(next);
      } else if (type === 'link') yield skipped(rel, 0, 'symlink');
      else if (type === 'gone') yield unreadable(rel, new Error('it disappeared during the walk'));
      else yield skipped(rel, await sizeOf(abs), 'special');
    }
    // Reversed so the stack pops them in sorted order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as DirJob);
  }
}

type EntryType = 'file' | 'dir' | 'link' | 'special' | 'gone';

// readdir knows the type on most filesystems; where it does not (DT_UNKNOWN) we ask lstat.
async function typeOf(entry: Dirent<Buffer>, abs: Buffer): Promise<EntryType> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'dir';
  if (entry.isSymbolicLink()) return 'link';
  if (entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice()) return 'special';
  try {
    const info = await lstat(abs);
    return info.isFile() ? 'file' : info.isDirectory() ? 'dir' : info.isSymbolicLink() ? 'link' : 'special';
  } catch {
    return 'gone';
  }
}

// Yields what a followed link amounts to and returns the directory to walk, if it leads to a new one.
async function* followLink(abs: Buffer, rel: string, chain: readonly string[], visited: Set<string>): AsyncGenerator<Step, DirJob | null> {
  let info: Stats;
  let real: string;
  try {
    info = await stat(abs);
    real = keyOf(await realpath(abs, { encoding: 'buffer' }));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') yield loop(rel, `symlink ${rel} is a chain of links that never ends`);
    else if (code === 'ENOENT')
      yield skipped(rel, 0, 'symlink'); // dangling: there is nothing to read
    else yield unreadable(rel, err);
    return null;
  }
  if (info.isFile()) {
    yield { kind: 'file', abs, rel, follow: true };
    return null;
  }
  if (!info.isDirectory()) {
    yield skipped(rel, info.size, 'special');
    return null;
  }
  if (chain.includes(real)) {
    yield loop(rel, `symlink ${rel} leads back to ${decodeName(Buffer.from(real, 'latin1'))}, a directory that contains it`);
    return null;
  }
  if (visited.has(real)) {
    yield skipped(rel, 0, 'symlink');
    return null;
  }
  visited.add(real);
  return { abs, rel, real, chain: [...chain, real] };
}

async function sizeOf(abs: Buffer): Promise<number> {
  try {
    return (await lstat(abs)).size;
  } catch {
    return 0;
  }
}

// The content is what the file held up to its size when opened; bytes appended while we read are
// not read. The fstat after open (not the walk's view) decides, so a file swapped for a FIFO or a
// symlink in the meantime is still never read as one.
async function readFileEntry(job: FileJob, target: string, maxBlobSize: number): Promise<FsEntry> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(job.abs, OPEN_FLAGS | (job.follow ? 0 : NO_FOLLOW));
    const info = await handle.stat();
    if (!info.isFile()) return skipped(job.rel, info.size, 'special');
    if (info.size > maxBlobSize) return skipped(job.rel, info.size, 'too-large');
    const data = await readUpTo(handle, info.size);
    return { kind: 'blob', blob: { id: blobId(data), data, origin: { source: 'fs', target, path: job.rel } } };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP' && !job.follow) return skipped(job.rel, 0, 'symlink');
    return unreadable(job.rel, err);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

// The bytes get an ArrayBuffer of their own so the scanner can transfer them to a worker uncopied.
async function readUpTo(handle: Awaited<ReturnType<typeof open>>, size: number): Promise<Uint8Array> {
  const buffer = Buffer.allocUnsafeSlow(size);
  let length = 0;
  while (length < size) {
    const { bytesRead } = await handle.read(buffer, length, size - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

function skipped(path: string, size: number, reason: SkipReason): FsEntry {
  return { kind: 'skipped', path, size, reason };
}

function unreadable(path: string, err: unknown): FsEntry {
  return { kind: 'issue', issue: { code: 'FS_UNREADABLE', message: `cannot read ${path}: ${(err as Error).message}`, path } };
}

function loop(path: string, message: string): FsEntry {
  return { kind: 'issue', issue: { code: 'FS_SYMLINK_LOOP', message, path } };
}
