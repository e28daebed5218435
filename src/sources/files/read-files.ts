// Scan of files on disk (a directory without history, or one file) and of standard input.
// Identical contents are scanned once; every path holding them becomes a place of the finding.
import { openableKind } from '../archive/archive-kind.js';
import { blobId } from '../blob-id.js';
import { isBundleData } from '../bundle/bundle-source.js';
import { openArchive } from '../archive/archive-members.js';
import { walkFiles, type FsEntry } from './fs-source.js';
import { readStdin } from '../stdin/stdin-source.js';
import type { Blob, SourceKind } from '../../types.js';
import type { BlobHit, BlobPlace, TargetHits } from '../../scan/group-findings.js';
import { absorbJobResult, mergeMatches, type ScanContext } from '../run-context.js';
import { baseName } from '../../detect/file-name-rules.js';
import type { BlobsJob } from '../jobs.js';

const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_BLOBS = 256;

function placeOf(path: string | null): BlobPlace {
  return { file: path, commit: null, author: null, email: null, date: null, refs: [], reachable: true, atHead: true };
}

// Hands a buffer to a worker without copying when it owns its whole memory; otherwise copies,
// since transferring a shared pool slab would detach unrelated buffers.
function transferable(data: Uint8Array): Uint8Array {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer) {
    return data;
  }
  return new Uint8Array(data);
}

/** Feeds blobs to the pool in batches, with back-pressure, and gathers the hits. */
export class BlobFeeder {
  private readonly places = new Map<string, BlobPlace[]>();
  private readonly matches = new Map<string, BlobHit['matches']>();
  private batch: BlobsJob['blobs'] = [];
  private batchBytes = 0;
  private readonly running = new Set<Promise<void>>();
  private nextId = 0;

  constructor(private readonly ctx: ScanContext) {}

  async add(blob: Blob): Promise<void> {
    const path = blob.origin.path;
    if (path !== null && this.ctx.names.size > 0) {
      const named = this.ctx.names.match(baseName(path), blob.id);
      if (named.length > 0) mergeMatches(this.matches, blob.id, named);
    }
    const known = this.places.get(blob.id);
    if (known) {
      known.push(placeOf(blob.origin.path));
      return;
    }
    this.places.set(blob.id, [placeOf(blob.origin.path)]);
    this.batch.push({ id: blob.id, data: transferable(blob.data) });
    this.batchBytes += blob.data.byteLength;
    if (this.batchBytes >= BATCH_BYTES || this.batch.length >= BATCH_BLOBS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const blobs = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    const transfer = blobs.map((b) => b.data.buffer as ArrayBuffer);
    const job = this.ctx.pool
      .run({ type: 'blobs', id: this.nextId++, blobs }, transfer)
      .then((r) => absorbJobResult(this.ctx, r, this.matches, { what: 'files' }));
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
    while (this.running.size >= this.ctx.pool.size * 2) await Promise.race(this.running);
  }

  async finish(target: string, source: SourceKind): Promise<TargetHits> {
    await this.flush();
    await Promise.all(this.running);
    const blobs: BlobHit[] = [];
    for (const [blobId, matches] of this.matches) {
      blobs.push({ blobId, matches, places: this.places.get(blobId) ?? [] });
    }
    return { target, source, blobs };
  }
}

function account(entry: FsEntry, ctx: ScanContext): Blob | null {
  if (entry.kind === 'blob') return entry.blob;
  if (entry.kind === 'issue') ctx.issues.push(entry.issue);
  else if (entry.reason === 'too-large') ctx.counters.skippedTooLarge++;
  return null;
}

// An archive's members are scanned as files of their own, `archive!member`; this runs before the
// archive itself is fed, since feeding may hand its bytes to a worker.
async function openMembers(blob: Blob, target: string, source: SourceKind, feeder: BlobFeeder, ctx: ScanContext): Promise<void> {
  const kind = openableKind(blob.data);
  if (kind === null) return;
  const name = blob.origin.path ?? 'stdin';
  await openArchive(blob.data, name, kind, target, ctx, (path, data) =>
    feeder.add({ id: blobId(data), data, origin: { source, target, path } }),
  );
}

/** How a folder scan is narrowed and what it reports back besides matches. */
export interface FileScanOptions {
  /** True leaves a path out of the walk (a bare repository read as history instead). */
  skip?: (rel: string) => boolean;
  /** Called with the relative path of each file that is a git bundle. */
  onBundle?: (rel: string) => void;
}

/** Scans the files under `path` (a directory or a single file) as they are on disk. */
export async function scanFiles(target: string, path: string, ctx: ScanContext, options: FileScanOptions = {}): Promise<TargetHits> {
  const feeder = new BlobFeeder(ctx);
  const walk = walkFiles(path, {
    maxBlobSize: ctx.maxBlobSize,
    followSymlinks: ctx.followSymlinks,
    ...(options.skip ? { skip: options.skip } : {}),
  });
  for await (const entry of walk) {
    const blob = account(entry, ctx);
    if (!blob) continue;
    if (options.onBundle && blob.origin.path !== null && isBundleData(blob.data)) options.onBundle(blob.origin.path);
    await openMembers(blob, target, 'fs', feeder, ctx);
    await feeder.add({ ...blob, origin: { ...blob.origin, target } });
  }
  return feeder.finish(target, 'fs');
}

/** Scans standard input as one blob. */
export async function scanStdin(stream: NodeJS.ReadableStream, ctx: ScanContext): Promise<TargetHits> {
  const feeder = new BlobFeeder(ctx);
  const blob = account(await readStdin(stream, ctx.maxBlobSize), ctx);
  if (blob) {
    await openMembers(blob, '-', 'stdin', feeder, ctx);
    await feeder.add(blob);
  }
  return feeder.finish('-', 'stdin');
}
