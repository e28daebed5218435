// Feeding blobs to the scan's workers: in batches, with back-pressure, each unique content once
// however many places hold it; archives among them opened and their members fed as files of
// their own. Shared by every source that reads bytes on this thread (files, stdin, S3 objects,
// archives met in git history).
import { baseName } from '../detect/file-name-rules.js';
import type { Blob, SourceKind } from '../types.js';
import { openArchive } from './archive/archive-members.js';
import { openableKind } from './archive/archive-kind.js';
import { blobId } from './blob-id.js';
import type { FsEntry } from './files/fs-source.js';
import type { BlobsJob } from './jobs.js';
import { absorbJobResult, mergeMatches, type ScanContext } from './run-context.js';
import type { BlobHit, BlobPlace, TargetHits } from './source.js';

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

/** The blob a reader gave, or null after counting what it skipped and keeping what failed as an issue. */
export function account(entry: FsEntry, ctx: ScanContext): Blob | null {
  if (entry.kind === 'blob') return entry.blob;
  if (entry.kind === 'issue') ctx.issues.push(entry.issue);
  else if (entry.reason === 'too-large') ctx.counters.skippedTooLarge++;
  return null;
}

// An archive's members are scanned as files of their own, `archive!member`; this runs before the
// archive itself is fed, since feeding may hand its bytes to a worker.
export async function openMembers(blob: Blob, target: string, source: SourceKind, feeder: BlobFeeder, ctx: ScanContext): Promise<void> {
  const kind = openableKind(blob.data);
  if (kind === null) return;
  const name = blob.origin.path ?? 'stdin';
  await openArchive(blob.data, name, kind, target, ctx, (path, data) =>
    feeder.add({ id: blobId(data), data, origin: { source, target, path } }),
  );
}
