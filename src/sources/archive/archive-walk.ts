// The members of an archive, read in memory and never written to disk: zip (random access, so
// from a buffer or from ranged reads of an S3 object), tar, and tar or single files compressed
// with gzip, bzip2 or xz (streamed).
// Archives inside archives are opened to a depth limit. Member names are labels only (nothing is
// extracted), so a "../../etc/passwd" member cannot escape anywhere: it is scanned under that name.
// Bombs are bounded three ways, all members of one outer object together: bytes expanded, members
// read, and nesting depth; a member over the blob size limit is not inflated at all when its
// size is declared (zip, tar). Hitting a bound is an issue of the run (the scan is incomplete),
// never a silent stop.
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import yauzl from 'yauzl';
import { type ArchiveKind, kindOfBytes, kindOfName } from './archive-kind.js';
import { classifyText, SNIFF_BYTES } from '../../detect/text-decode.js';
import { bunzip2 } from './bunzip2.js';
import { DamagedData } from './damaged-data.js';
import { unxz } from './unxz.js';

/** How far an object's archives may be opened. */
export interface ArchiveLimits {
  /** Archives are opened this many levels deep (an archive in an S3 object is level 1). */
  maxDepth: number;
  /** Bytes one object may expand to, every member at every level together. */
  maxExpandedBytes: number;
  /** Members one object may hold, at every level together. */
  maxEntries: number;
  /** A member larger than this is not read (counted as too large, as any blob). */
  maxBlobSize: number;
  /** An archive inside an archive is held in memory to be opened; larger ones are not opened. */
  maxNestedSize: number;
  /**
   * Says whether a zip member whose head shows it binary may be left after its head (the scanner
   * skips binary bytes anyway): false for one a file-name rule names, whose bytes a finding needs.
   * Without it every member is read whole.
   */
  headOnlyIfBinary?: (memberPath: string) => boolean;
}

/**
 * One thing found in an object: a file to scan, a binary file left after its head, a git bundle
 * to read as history, a member too large to read, or a problem.
 */
export type ArchiveItem =
  | { kind: 'file'; path: string; data: Buffer }
  | { kind: 'binary'; path: string }
  | { kind: 'bundle'; path: string; data: Buffer }
  | { kind: 'too-large'; path: string }
  | { kind: 'issue'; code: string; message: string; path: string };

/** Defaults: deep enough for a jar in a war in a zip, far below what a bomb expands to. */
export const DEFAULT_ARCHIVE_LIMITS: Omit<ArchiveLimits, 'maxBlobSize'> = {
  maxDepth: 4,
  maxExpandedBytes: 4 * 1024 ** 3,
  maxEntries: 200_000,
  maxNestedSize: 512 * 1024 ** 2,
};

class LimitError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What one outer object has used of its limits. */
interface Walk {
  limits: ArchiveLimits;
  bytes: number;
  entries: number;
  /** An xz stream of this object is being decoded (the xz decoder takes one at a time). */
  xzOpen?: boolean;
}

/** The kinds read as a stream, and the compression each is under. */
const STREAMED: ReadonlyMap<ArchiveKind, 'none' | 'gzip' | 'bzip2' | 'xz'> = new Map([
  ['tar', 'none'],
  ['tgz', 'gzip'],
  ['gzip', 'gzip'],
  ['tbz', 'bzip2'],
  ['bzip2', 'bzip2'],
  ['txz', 'xz'],
  ['xz', 'xz'],
] as const);
const ARCHIVES: ReadonlySet<ArchiveKind> = new Set(['zip', ...STREAMED.keys()]);
/** Kinds known by name to hold a tar. */
const TARRED: ReadonlySet<ArchiveKind> = new Set(['tgz', 'tbz', 'txz']);

// The size a member may be read to: an archive or a bundle is held whole to be opened.
function memberLimit(walk: Walk, name: string): number {
  const kind = kindOfName(name);
  const nested = ARCHIVES.has(kind) || kind === 'bundle';
  return nested ? Math.max(walk.limits.maxBlobSize, walk.limits.maxNestedSize) : walk.limits.maxBlobSize;
}

// Counts every expanded byte against the object's budget; errors past it.
function meter(walk: Walk, path: string): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      walk.bytes += chunk.length;
      if (walk.bytes > walk.limits.maxExpandedBytes) {
        done(
          new LimitError(
            'ARCHIVE_TOO_LARGE',
            `${path}: expands beyond ${walk.limits.maxExpandedBytes} bytes (an archive bomb?); the rest of the object was not read`,
          ),
        );
      } else done(null, chunk);
    },
  });
}

// `source` piped into `into`, with errors carried along (pipe() alone drops them, and an
// 'error' with no listener kills the process) and the source destroyed once `into` closes, so a
// reader that stops early frees the socket or file behind it.
function chain(source: Readable, into: Transform): Transform {
  source.on('error', (err) => into.destroy(err));
  into.on('close', () => source.destroy());
  return source.pipe(into);
}

function countEntry(walk: Walk, path: string): void {
  walk.entries++;
  if (walk.entries > walk.limits.maxEntries) {
    throw new LimitError(
      'ARCHIVE_TOO_MANY_ENTRIES',
      `${path}: more than ${walk.limits.maxEntries} members; the rest of the object was not read`,
    );
  }
}

// Reads a stream whole, or returns null once it passes `max` bytes. A tar entry must be drained
// to reach the next one (`drain`); any other stream is simply left (and so destroyed).
async function collect(stream: AsyncIterable<Buffer>, max: number, drain = false): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of stream) {
    if (over) continue;
    size += chunk.length;
    if (size > max) {
      over = true;
      chunks.length = 0;
      if (!drain) break;
    } else chunks.push(chunk);
  }
  return over ? null : Buffer.concat(chunks);
}

// A zip member read whole, unless its first SNIFF_BYTES show a binary file that is no archive or
// bundle: then the rest is neither inflated nor kept ('binary'). Release zips committed to a
// history hold executables and debug symbols: on redis, 525 of 543 distinct members, nearly all
// of 308 MB inflated, which the scanner then skipped after their head.
async function collectUnlessBinary(stream: AsyncIterable<Buffer>, max: number): Promise<Buffer | null | 'binary'> {
  const chunks: Buffer[] = [];
  let size = 0;
  let looked = false;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
    if (!looked && size >= SNIFF_BYTES) {
      looked = true;
      const head = Buffer.concat(chunks);
      if (classifyText(head) === 'binary' && kindOfBytes(head) === 'plain') return 'binary';
      chunks.length = 0;
      chunks.push(head);
    }
  }
  return Buffer.concat(chunks);
}

// Control characters in a member name would garble reports; everything else is kept as written.
function label(name: string): string {
  let out = '';
  for (const ch of name) out += ch < ' ' || ch === '\u007f' ? '?' : ch;
  return out;
}

// A member: opened when it is an archive and the depth allows, else a file to scan.
async function* member(data: Buffer, path: string, depth: number, walk: Walk): AsyncGenerator<ArchiveItem> {
  let kind = kindOfName(path);
  if (kind === 'plain' || kind === 'bundle') kind = kindOfBytes(data);
  // A git bundle is history, not bytes: the caller reads it as a repository.
  if (kind === 'bundle') {
    yield { kind: 'bundle', path, data };
    return;
  }
  if (!ARCHIVES.has(kind)) {
    yield { kind: 'file', path, data };
    return;
  }
  if (STREAMED.get(kind) === 'xz' && walk.xzOpen) {
    yield {
      kind: 'issue',
      code: 'ARCHIVE_NOT_OPENED',
      message: `${path}: an xz archive inside an xz archive is not opened (xz streams are decoded one at a time)`,
      path,
    };
    return;
  }
  if (depth >= walk.limits.maxDepth) {
    yield {
      kind: 'issue',
      code: 'ARCHIVE_TOO_DEEP',
      message: `${path}: an archive nested more than ${walk.limits.maxDepth} levels deep was not opened`,
      path,
    };
    return;
  }
  // A damaged nested archive is an issue of its own; the members after it are still read. Only
  // a limit (bytes, members) stops the whole object.
  try {
    if (kind === 'zip') yield* zipMembers(await yauzl.fromBufferPromise(data, ZIP_OPTIONS), path, depth + 1, walk);
    else yield* streamMembers(Readable.from([data]), path, kind, depth + 1, walk);
  } catch (err) {
    if (err instanceof LimitError) throw err;
    yield failureItem(err, path);
  }
}

const ZIP_OPTIONS = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: false } as const;

async function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry) => finish(() => resolve(entry));
    const onEnd = () => finish(() => resolve(null));
    const onError = (err: Error) => finish(() => reject(err));
    const finish = (then: () => void) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      then();
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/** The members of an open zip (from a buffer or ranged reads); `path` names the zip itself. */
export async function* zipMembers(zip: yauzl.ZipFile, path: string, depth: number, walk: Walk): AsyncGenerator<ArchiveItem> {
  try {
    for (let entry = await nextEntry(zip); entry !== null; entry = await nextEntry(zip)) {
      const raw = entry.fileName as unknown as Buffer;
      const name = label(yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false));
      if (name.endsWith('/')) continue;
      const inner = `${path}!${name}`;
      countEntry(walk, inner);
      if (entry.isEncrypted()) {
        yield { kind: 'issue', code: 'ARCHIVE_ENCRYPTED', message: `${inner}: encrypted, not read`, path: inner };
        continue;
      }
      const limit = memberLimit(walk, name);
      if (entry.uncompressedSize > limit) {
        yield { kind: 'too-large', path: inner };
        continue;
      }
      if (walk.bytes + entry.uncompressedSize > walk.limits.maxExpandedBytes) {
        throw new LimitError(
          'ARCHIVE_TOO_LARGE',
          `${inner}: expands beyond ${walk.limits.maxExpandedBytes} bytes (an archive bomb?); the rest of the object was not read`,
        );
      }
      // A damaged member is an issue of its own: the central directory still leads to the next.
      let data: Buffer | null | 'binary';
      const before = walk.bytes;
      try {
        const stream = chain(await zip.openReadStreamPromise(entry), meter(walk, inner));
        const headOnly = kindOfName(name) === 'plain' && walk.limits.headOnlyIfBinary?.(inner) === true;
        try {
          data = headOnly ? await collectUnlessBinary(stream, limit) : await collect(stream, limit);
        } finally {
          stream.destroy();
        }
      } catch (err) {
        if (err instanceof LimitError) throw err;
        yield failureItem(err, inner);
        continue;
      }
      if (data === null) yield { kind: 'too-large', path: inner };
      else if (data === 'binary') {
        // Its declared size counts against the budget as if inflated: an overlapping-entry bomb
        // of binary bytes is still stopped, and named, where reading it whole would have been.
        walk.bytes = before + entry.uncompressedSize;
        yield { kind: 'binary', path: inner };
      } else yield* member(data, inner, depth, walk);
    }
  } finally {
    zip.close();
  }
}

// A tar stream's members; each is read whole (up to the blob limit) before the next.
async function* tarMembers(stream: Readable, path: string, depth: number, walk: Walk): AsyncGenerator<ArchiveItem> {
  const tar = tarExtract();
  stream.on('error', (err) => tar.destroy(err));
  stream.pipe(tar);
  for await (const entry of tar) {
    const { header } = entry;
    const inner = `${path}!${label(header.name)}`;
    if (header.type !== 'file' && header.type !== 'contiguous-file') {
      entry.resume();
      continue;
    }
    countEntry(walk, inner);
    const data = await collect(entry as AsyncIterable<Buffer>, memberLimit(walk, header.name), true);
    if (data === null) yield { kind: 'too-large', path: inner };
    else yield* member(data, inner, depth, walk);
  }
}

// The decoded bytes of a compressed stream.
function decode(stream: Readable, codec: 'gzip' | 'bzip2' | 'xz'): Readable {
  if (codec === 'gzip') return chain(stream, createGunzip());
  return Readable.from(codec === 'bzip2' ? bunzip2(stream) : unxz(stream), { objectMode: false });
}

// A compressed stream holds a tar (by name, or by the tar header in its first 512 bytes) or one file.
async function* compressedMembers(
  stream: Readable,
  path: string,
  kind: ArchiveKind,
  codec: 'gzip' | 'bzip2' | 'xz',
  depth: number,
  walk: Walk,
): AsyncGenerator<ArchiveItem> {
  if (codec === 'xz') walk.xzOpen = true;
  const inflated = chain(decode(stream, codec), meter(walk, path));
  try {
    yield* decodedMembers(inflated, path, kind, depth, walk);
  } finally {
    inflated.destroy();
    if (codec === 'xz') walk.xzOpen = false;
  }
}

async function* decodedMembers(
  inflated: Readable,
  path: string,
  kind: ArchiveKind,
  depth: number,
  walk: Walk,
): AsyncGenerator<ArchiveItem> {
  if (TARRED.has(kind)) {
    yield* tarMembers(inflated, path, depth, walk);
    return;
  }
  // Peek at the start to tell a tar from a single file, then replay it.
  const head: Buffer[] = [];
  let headSize = 0;
  const reader = inflated[Symbol.asyncIterator]();
  while (headSize < 512) {
    const next = await reader.next();
    if (next.done) break;
    head.push(next.value as Buffer);
    headSize += (next.value as Buffer).length;
  }
  // The replay pulls from the same iterator, with back-pressure; ended early (a bad tar, a
  // limit), it returns the iterator, which destroys the inflating streams.
  const replay = Readable.from(
    (async function* () {
      try {
        yield* head;
        for (let next = await reader.next(); !next.done; next = await reader.next()) yield next.value as Buffer;
      } finally {
        await reader.return?.();
      }
    })(),
  );
  if (kindOfBytes(Buffer.concat(head)) === 'tar') {
    yield* tarMembers(replay, path, depth, walk);
    return;
  }
  const name = path.replace(/\.(?:gz|bz2|xz)$/i, '');
  let data: Buffer | null;
  try {
    data = await collect(replay, walk.limits.maxBlobSize);
  } finally {
    replay.destroy();
  }
  if (data === null) yield { kind: 'too-large', path: name };
  // Each compression layer counts as a level: a gzip of a gzip of ... cannot recurse without end.
  else yield* member(data, name, depth, walk);
}

async function* streamMembers(stream: Readable, path: string, kind: ArchiveKind, depth: number, walk: Walk): AsyncGenerator<ArchiveItem> {
  const codec = STREAMED.get(kind) ?? 'none';
  if (codec === 'none') yield* tarMembers(chain(stream, meter(walk, path)), path, depth, walk);
  else yield* compressedMembers(stream, path, kind, codec, depth, walk);
}

// Turns a failure inside an archive into an issue naming it; limits stop the whole object.
async function* guarded(items: AsyncGenerator<ArchiveItem>, path: string): AsyncGenerator<ArchiveItem> {
  try {
    yield* items;
  } catch (err) {
    yield failureItem(err, path);
  }
}

// A failure as an issue naming what failed. zlib's codes (Z_DATA_ERROR...) and yauzl's and
// tar-stream's messages mean damaged bytes; anything else is the read itself failing (a download
// cut off). A limit names itself.
function failureItem(err: unknown, path: string): ArchiveItem {
  if (err instanceof LimitError) return { kind: 'issue', code: err.code, message: err.message, path };
  if (err instanceof DamagedData) return { kind: 'issue', code: 'ARCHIVE_CORRUPT', message: `${path}: ${err.message}`, path };
  const e = err as { code?: string; message: string };
  const corrupt =
    e.code?.startsWith('Z_') || /zip|central directory|signature|header|tar|end of (?:file|stream|data)|invalid/i.test(e.message);
  return {
    kind: 'issue',
    code: corrupt ? 'ARCHIVE_CORRUPT' : 'SOURCE_READ_FAILED',
    message: `${path}: cannot be read: ${e.message}`,
    path,
  };
}

/**
 * Everything inside one object read as a stream (tar, or tar or one file under gzip, bzip2 or
 * xz, or a plain file); `path`
 * names the object. A plain file whose bytes turn out to be an archive is opened too.
 */
export function walkStream(stream: Readable, path: string, kind: ArchiveKind, limits: ArchiveLimits): AsyncGenerator<ArchiveItem> {
  const walk: Walk = { limits, bytes: 0, entries: 0 };
  if (STREAMED.has(kind)) return guarded(streamMembers(stream, path, kind, 1, walk), path);
  return guarded(
    (async function* () {
      const data = await collect(stream, limits.maxBlobSize);
      if (data === null) yield { kind: 'too-large', path } as ArchiveItem;
      else yield* member(data, path, 0, walk);
    })(),
    path,
  );
}

/**
 * Everything inside an archive already in memory (a file on disk, stdin, a blob of git history),
 * whose `kind` its bytes showed; `path` names it.
 */
export function walkBuffer(data: Buffer, path: string, kind: ArchiveKind, limits: ArchiveLimits): AsyncGenerator<ArchiveItem> {
  const walk: Walk = { limits, bytes: 0, entries: 0 };
  return guarded(
    (async function* () {
      if (kind === 'zip') yield* zipMembers(await yauzl.fromBufferPromise(data, ZIP_OPTIONS), path, 1, walk);
      else yield* streamMembers(Readable.from([data]), path, kind, 1, walk);
    })(),
    path,
  );
}

/** Everything inside one zip object opened for random access (ranged reads); `path` names it. */
export function walkZip(open: () => Promise<yauzl.ZipFile>, path: string, limits: ArchiveLimits): AsyncGenerator<ArchiveItem> {
  const walk: Walk = { limits, bytes: 0, entries: 0 };
  return guarded(
    (async function* () {
      yield* zipMembers(await open(), path, 1, walk);
    })(),
    path,
  );
}
