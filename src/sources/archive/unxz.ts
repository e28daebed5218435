// xz decoding with xz-decompress: xz-embedded compiled to WebAssembly (no native addon, nothing
// built at install), streaming with back-pressure, so the walker's byte budget stops a bomb. Its
// dictionary is capped at 64 MiB by the library, which bounds memory for a hostile header.
// The library decodes one xz stream at a time per process (a queue): a second one waits until
// the first ends, so an xz inside an xz (the outer one still open) is never started here; the
// walker reports it instead.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DamagedData } from './damaged-data.js';

// xz-embedded's return codes (xz.h), for the messages.
const XZ_ERRORS: Record<number, string> = {
  2: 'uses an integrity check the decoder does not support',
  3: 'needs more memory than the decoder may use',
  4: 'declares a dictionary larger than the 64 MiB the decoder allows',
  5: 'is not xz data (no xz stream header)',
  6: 'uses compression options the decoder does not support',
  7: 'is damaged and cannot be decoded',
  8: 'is truncated (it ends before the end of its stream)',
};

function damaged(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const code = /error code (\d+)/.exec(message);
  if (code) return new DamagedData(`xz data ${XZ_ERRORS[Number(code[1])] ?? `cannot be decoded (code ${code[1]})`}`);
  // The library reads past the end of its input when the input stops mid-stream.
  if (err instanceof TypeError) return new DamagedData(`xz data ${XZ_ERRORS[8]}`);
  return err instanceof Error ? err : new Error(message);
}

interface XzModule {
  XzReadableStream: new (compressed: WebReadableStream<Uint8Array>) => WebReadableStream<Uint8Array>;
}

/** The decoded bytes of the xz stream in `input`. */
export async function* unxz(input: Readable): AsyncGenerator<Buffer> {
  const xz = ((await import('xz-decompress')) as unknown as { default: XzModule }).default;
  const web = Readable.toWeb(input) as WebReadableStream<Uint8Array>;
  const output = Readable.fromWeb(new xz.XzReadableStream(web));
  try {
    for await (const chunk of output) {
      const bytes = chunk as Uint8Array;
      if (bytes.byteLength > 0) yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  } catch (err) {
    throw damaged(err);
  } finally {
    // Cancels the decoder, which frees the library's one decoding slot for the next xz.
    output.destroy();
  }
}
