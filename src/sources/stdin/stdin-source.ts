// Standard input as one blob (`credsweep scan -`). Unlike a file, a stream's size is unknown until
// it ends and it cannot be skipped without reading: input over the limit is still read to its end
// (so the writer never sees EPIPE and the reported size is true) but only the first
// maxBlobSize + 1 bytes are ever held, and then dropped.
import { blobId } from '../blob-id.js';
import type { FsEntry } from '../files/fs-source.js';

const STDIN_TARGET = '-';

/** Reads `stream` to its end: one blob, a `too-large` skip (with the full size), or an issue if the stream fails. */
export async function readStdin(stream: AsyncIterable<Buffer | string>, maxBlobSize: number): Promise<FsEntry> {
  const pieces: Buffer[] = [];
  let size = 0;
  let over = false;
  try {
    for await (const chunk of stream) {
      const piece = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += piece.byteLength;
      if (over) continue;
      if (size > maxBlobSize) {
        over = true;
        pieces.length = 0;
        continue;
      }
      pieces.push(piece);
    }
  } catch (err) {
    return {
      kind: 'issue',
      issue: { code: 'STDIN_UNREADABLE', message: `cannot read standard input: ${(err as Error).message}`, path: STDIN_TARGET },
    };
  }
  if (over) return { kind: 'skipped', path: STDIN_TARGET, size, reason: 'too-large' };
  return { kind: 'blob', blob: toBlob(joinPieces(pieces, size)) };
}

// The data gets an ArrayBuffer of its own so the scanner can transfer it to a worker without a copy.
function joinPieces(pieces: Buffer[], size: number): Uint8Array {
  const data = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    data.set(piece, at);
    at += piece.byteLength;
  }
  return data;
}

function toBlob(data: Uint8Array) {
  return { id: blobId(data), data, origin: { source: 'stdin' as const, target: STDIN_TARGET, path: null } };
}
