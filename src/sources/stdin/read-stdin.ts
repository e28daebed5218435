// Scan of standard input as one blob (an archive on stdin is opened like one on disk).
import { account, BlobFeeder, openMembers } from '../blob-feeder.js';
import type { ScanContext } from '../run-context.js';
import type { TargetHits } from '../source.js';
import { readStdin } from './stdin-source.js';

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
