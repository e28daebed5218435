// Scan of files on disk (a directory without history, or one file).
// Identical contents are scanned once; every path holding them becomes a place of the finding.
import { isBundleData } from '../bundle/bundle-source.js';
import { account, BlobFeeder, openMembers } from '../blob-feeder.js';
import type { ScanContext } from '../run-context.js';
import type { TargetHits } from '../source.js';
import { walkFiles } from './fs-source.js';

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
