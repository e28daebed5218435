// Scan of `s3://BUCKET/PREFIX`: every object under the prefix is listed (paginated) and read as a
// stream, several at once (--concurrency): git bundles as history, archives member by member
// (src/sources/archive), anything else as a file. Each object is a target of its own, named
// `s3://BUCKET/KEY`, its members `KEY!path/in/archive`. An object that cannot be listed or read
// (access denied, cut off mid-download, a corrupt archive) is an issue of the run, which then
// exits incomplete; the other objects are still scanned. With --state, an object whose ETag is
// what the last run saw is not read again; its open findings are carried over.
import { rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import PQueue from 'p-queue';
import type { S3Client } from '@aws-sdk/client-s3';
import { awsIssue } from '../../aws/aws-error.js';
import type { AwsOptions } from '../../aws/clients.js';
import type { ArchiveItem, ArchiveLimits } from '../archive/archive-walk.js';
import { kindOfName } from '../archive/archive-kind.js';
import { blobId } from '../blob-id.js';
import type { S3Object } from './s3-source.js';
import { parseS3Target, s3ObjectName } from './s3-target.js';
import type { TargetHits } from '../source.js';
import type { ScanContext } from '../run-context.js';
import { feedArchiveItems } from '../archive/archive-members.js';
import { BlobFeeder } from '../blob-feeder.js';
import { scanBundle } from '../bundle/read-bundle.js';
import { inShard, type Shard } from '../shard.js';
import { awsRegion } from '../../aws/settings.js';
import { makeTempDir } from '../temp-dirs.js';
import { nestedFindings } from '../sweep-state.js';

/** How s3:// targets are read. */
export interface S3Options extends AwsOptions {
  /** Region of the S3 client (a bucket elsewhere is followed); default AWS_REGION or us-east-1. */
  region?: string;
  /** Objects read at once (default 4). */
  concurrency?: number;
  /** Only the objects of this shard are scanned; the others are recorded as skipped. */
  shard?: Shard;
  /** Archive bounds other than the defaults. */
  archive?: Partial<Omit<ArchiveLimits, 'maxBlobSize'>>;
}

type S3Source = typeof import('./s3-source.js');
type Archives = typeof import('../archive/archive-walk.js');

// Feeds one object's members to the workers; problems become issues naming the object.
async function scanMembers(items: AsyncGenerator<ArchiveItem>, name: string, ctx: ScanContext): Promise<TargetHits> {
  const feeder = new BlobFeeder(ctx);
  const read = await feedArchiveItems(items, name, ctx, (path, data) =>
    feeder.add({ id: blobId(data), data, origin: { source: 's3', target: name, path } }),
  );
  // What was read before a problem tells the manifest "incomplete" from "failed".
  return { ...(await feeder.finish(name, 's3')), objects: read };
}

// A bundle is history: it is laid out as a repository, which needs its pack on disk (private
// temporary folder, removed after), unlike every other kind of object.
async function scanS3Bundle(body: Readable, name: string, ctx: ScanContext): Promise<TargetHits> {
  const dir = await makeTempDir('credsweep-s3-');
  try {
    const file = join(dir, 'object.bundle');
    await pipeline(body, createWriteStream(file, { mode: 0o600 }));
    const hits = await scanBundle(name, file, ctx);
    return { ...hits, source: 's3' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function scanObject(
  client: S3Client,
  s3: S3Source,
  archives: Archives,
  bucket: string,
  object: S3Object,
  limits: ArchiveLimits,
  ctx: ScanContext,
): Promise<TargetHits> {
  const { walkStream, walkZip } = archives;
  const name = s3ObjectName(bucket, object.key);
  const kind = kindOfName(object.key);
  let body: Readable | undefined;
  // What can be judged from the listing is judged before any byte is downloaded.
  if (kind === 'plain' && object.size > limits.maxBlobSize) {
    ctx.counters.skippedTooLarge++;
    return { target: name, source: 's3', blobs: [], etag: object.etag, tips: {}, objects: 0 };
  }
  if (kind === 'bundle' && object.size > limits.maxExpandedBytes) {
    ctx.issues.push({
      code: 'ARCHIVE_TOO_LARGE',
      message: `a bundle of ${object.size} bytes, more than --max-archive-bytes: not downloaded`,
      path: name,
    });
    return { target: name, source: 's3', blobs: [] };
  }
  try {
    let hits: TargetHits;
    if (kind === 'zip')
      hits = await scanMembers(
        walkZip(() => s3.openS3Zip(client, bucket, object), object.key, limits),
        name,
        ctx,
      );
    else {
      body = await s3.readS3Object(client, bucket, object.key);
      hits =
        kind === 'bundle' ? await scanS3Bundle(body, name, ctx) : await scanMembers(walkStream(body, object.key, kind, limits), name, ctx);
    }
    return { ...hits, etag: object.etag, tips: hits.tips ?? {} };
  } catch (err) {
    const { code, message } =
      err instanceof Error && 'code' in err && typeof err.code === 'string' && !('$metadata' in err)
        ? { code: err.code, message: err.message }
        : awsIssue(err);
    ctx.issues.push({ code, message: `cannot be read: ${message}`, path: name });
    return { target: name, source: 's3', blobs: [] };
  } finally {
    body?.destroy();
  }
}

/** Scans every object `target` names; one TargetHits per object, in key order. */
export async function scanS3(target: string, options: S3Options, ctx: ScanContext): Promise<TargetHits[]> {
  const { bucket, prefix } = parseS3Target(target);
  // The SDK and the archive readers are loaded only when an s3:// target is scanned (start-up of
  // every other run, a pre-commit hook's above all).
  const { createS3Client } = await import('../../aws/clients.js');
  const s3 = await import('./s3-source.js');
  const archives = await import('../archive/archive-walk.js');
  const client = createS3Client(awsRegion(options.region), options);
  const limits: ArchiveLimits = { ...archives.DEFAULT_ARCHIVE_LIMITS, ...options.archive, maxBlobSize: ctx.maxBlobSize };
  try {
    const objects: S3Object[] = [];
    try {
      for await (const object of s3.listS3Objects(client, bucket, prefix)) objects.push(object);
    } catch (err) {
      const { code, message } = awsIssue(err);
      ctx.issues.push({ code, message: `objects could not be listed: ${message}`, path: target });
      ctx.skipped.push({ target, reason: 'failed' });
      return [];
    }
    const queue = new PQueue({ concurrency: Math.max(1, options.concurrency ?? 4) });
    const hits = await Promise.all(
      objects.map((object) =>
        queue.add(async (): Promise<TargetHits | null> => {
          const name = s3ObjectName(bucket, object.key);
          if (options.shard && !inShard(name, options.shard)) {
            ctx.skipped.push({ target: name, reason: 'other-shard' });
            return null;
          }
          const previous = ctx.previous?.repositories[name];
          if (previous?.etag !== undefined && previous.etag === object.etag) {
            return {
              target: name,
              source: 's3',
              blobs: [],
              tips: {},
              etag: object.etag,
              carried: [...previous.findings, ...nestedFindings(ctx.previous, name)],
              unchanged: true,
              objects: 0,
            };
          }
          return scanObject(client, s3, archives, bucket, object, limits, ctx);
        }),
      ),
    );
    return hits.filter((h): h is TargetHits => h !== null).sort((a, b) => a.target.localeCompare(b.target));
  } finally {
    client.destroy();
  }
}
