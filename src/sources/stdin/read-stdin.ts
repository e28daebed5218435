// Scan of standard input as one blob (an archive on stdin is opened like one on disk; a git
// bundle is read as history).
import { isBundleHead } from '../archive/archive-kind.js';
import { account, BlobFeeder, openMembers } from '../blob-feeder.js';
import type { ScanContext } from '../run-context.js';
import type { TargetHits } from '../source.js';
import { peek, scanStdinBundle } from './stdin-bundle.js';
import { readStdin } from './stdin-source.js';

// Long enough for a bundle's signature line.
const HEAD_BYTES = 16;

/** Scans standard input as one blob. */
export async function scanStdin(stream: NodeJS.ReadableStream, ctx: ScanContext): Promise<TargetHits> {
  const feeder = new BlobFeeder(ctx);
  const input = await peek(stream as AsyncIterable<Buffer | string>, HEAD_BYTES);
  if (isBundleHead(input.head)) {
    await scanStdinBundle(input.chunks, ctx);
    return feeder.finish('-', 'stdin');
  }
  const blob = account(await readStdin(input.chunks, ctx.maxBlobSize), ctx);
  if (blob) {
    await openMembers(blob, '-', 'stdin', feeder, ctx);
    await feeder.add(blob);
  }
  return feeder.finish('-', 'stdin');
}
