// A git bundle piped on standard input (`git bundle create - --all | credsweep scan -`) is a
// repository's whole history, far over any blob limit: it is spooled to a private temporary file,
// bounded by the archive byte limit, and read as history like a bundle file on disk.
import { open } from 'node:fs/promises';
import { withBundleFile } from '../bundle/nested-bundles.js';
import type { ScanContext } from '../run-context.js';

/** The first bytes of a stream, and the whole stream again (those bytes first) to read on, as Buffers. */
export interface PeekedStream {
  head: Buffer;
  chunks: AsyncIterable<Buffer>;
}

const asBuffer = (chunk: Buffer | string) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk);

/** Reads at least `want` bytes (fewer if the stream ends or fails) without losing them for the reader after. */
export async function peek(stream: AsyncIterable<Buffer | string>, want: number): Promise<PeekedStream> {
  const it = stream[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let size = 0;
  let done = false;
  let failure: { error: unknown } | null = null;
  try {
    while (size < want) {
      const next = await it.next();
      if (next.done) {
        done = true;
        break;
      }
      const piece = asBuffer(next.value);
      first.push(piece);
      size += piece.byteLength;
    }
  } catch (error) {
    failure = { error };
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    yield* first;
    if (failure) throw failure.error;
    while (!done) {
      const next = await it.next();
      if (next.done) return;
      yield asBuffer(next.value);
    }
  }
  return { head: Buffer.concat(first), chunks: chunks() };
}

/** Spools the bundle on stdin to a private file and reads it as the history of target `stdin`. */
export async function scanStdinBundle(chunks: AsyncIterable<Buffer>, ctx: ScanContext): Promise<void> {
  const { DEFAULT_ARCHIVE_LIMITS } = await import('../archive/archive-walk.js');
  const limit = ctx.archive?.maxExpandedBytes ?? DEFAULT_ARCHIVE_LIMITS.maxExpandedBytes;
  await withBundleFile(ctx, (file) => spool(chunks, file, limit, ctx), 'stdin');
}

async function spool(chunks: AsyncIterable<Buffer>, file: string, limit: number, ctx: ScanContext): Promise<boolean> {
  const out = await open(file, 'wx', 0o600);
  let size = 0;
  try {
    for await (const piece of chunks) {
      size += piece.byteLength;
      // Read to the end either way, so the writer never sees EPIPE and the size reported is true.
      if (size <= limit) await out.write(piece);
    }
  } catch (err) {
    ctx.issues.push({ code: 'STDIN_UNREADABLE', message: `cannot read standard input: ${(err as Error).message}`, path: '-' });
    return false;
  } finally {
    await out.close();
  }
  if (size <= limit) return true;
  ctx.issues.push({
    code: 'ARCHIVE_TOO_LARGE',
    message: `stdin: a git bundle of ${size} bytes, over the ${limit}-byte archive limit (--max-archive-bytes); not read`,
    path: '-',
  });
  return false;
}
