// Archives wherever bytes come from (a file on disk, stdin, a blob of git history, an S3 object):
// opened by the one archive walker (src/sources/archive) with the same limits everywhere, each
// member handed on as a file named `outer!inner!path`. A limit hit or a damaged archive is an
// issue naming the target, so the scan says it is incomplete instead of calling the archive clean.
import type { ArchiveItem, ArchiveLimits } from './archive-walk.js';
import type { ArchiveKind } from './archive-kind.js';
import { baseName } from '../../detect/file-name-rules.js';
import { bundleTargetName, readNestedBundle } from '../bundle/nested-bundles.js';
import type { ScanContext } from '../run-context.js';

/** Receives one member file of an archive. */
export type MemberSink = (path: string, data: Buffer) => Promise<void>;

/**
 * The archive limits of this run: the defaults, the flags over them, the blob size limit; a
 * binary member is left after its head unless a file-name rule names it.
 */
export async function archiveLimitsOf(ctx: ScanContext): Promise<ArchiveLimits> {
  const { DEFAULT_ARCHIVE_LIMITS } = await import('./archive-walk.js');
  // The name as the feeder matches it, and the member's own leaf name: either may be what a rule names.
  const named = (path: string) => {
    const leaf = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1);
    return ctx.names.match(baseName(path), '').length > 0 || ctx.names.match(leaf, '').length > 0;
  };
  const headOnlyIfBinary = (path: string) => ctx.names.size === 0 || !named(path);
  return { ...DEFAULT_ARCHIVE_LIMITS, ...ctx.archive, maxBlobSize: ctx.maxBlobSize, headOnlyIfBinary };
}

/** Hands every member file to `sink`, counts too-large ones, and turns problems into issues naming `target`; returns files read. */
export async function feedArchiveItems(
  items: AsyncGenerator<ArchiveItem>,
  target: string,
  ctx: ScanContext,
  sink: MemberSink,
): Promise<number> {
  let read = 0;
  // Bundles are read once the walk is over: an xz stream it holds open would stall their history's own.
  const bundles: Array<{ path: string; data: Buffer }> = [];
  for await (const item of items) {
    if (item.kind === 'file') {
      ctx.counters.objects++;
      read++;
      await sink(item.path, item.data);
    } else if (item.kind === 'binary') {
      // Counted as any binary blob is; the scanner would have skipped it after the same head.
      ctx.counters.objects++;
      ctx.counters.skippedBinary++;
      read++;
    } else if (item.kind === 'bundle') bundles.push(item);
    else if (item.kind === 'too-large') ctx.counters.skippedTooLarge++;
    else ctx.issues.push({ code: item.code, message: item.message, path: target });
  }
  for (const b of bundles) await readNestedBundle(bundleTargetName(target, b.path), b.data, ctx);
  return read;
}

/** Opens the archive `data` (whose bytes showed `kind`), named `name`, and feeds its members to `sink`. */
export async function openArchive(
  data: Uint8Array,
  name: string,
  kind: ArchiveKind,
  target: string,
  ctx: ScanContext,
  sink: MemberSink,
): Promise<number> {
  // The walker and its zip and tar readers load only when an archive is met (a hook's start-up).
  const limits = await archiveLimitsOf(ctx);
  // --max-archive-depth 0: the user asked for archives to be left shut.
  if (limits.maxDepth === 0) return 0;
  const { walkBuffer } = await import('./archive-walk.js');
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return feedArchiveItems(walkBuffer(bytes, name, kind, limits), target, ctx, sink);
}
