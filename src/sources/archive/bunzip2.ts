// bzip2 decoding, block by block, with the decoder core of unbzip2-stream (pure JavaScript). Its
// own stream wrapper is not used: it decodes every block its input allows in one write, whatever
// back-pressure says, and holds each block's output as an array of numbers. Here one block is
// decoded at a time, straight into buffers, and handed on before the next is read, so a bzip2
// bomb costs at most one block's output (under 46 MB: 900 kB of run-length pairs) before the
// walker's byte budget stops it.
import { createRequire } from 'node:module';
import { DamagedData } from './damaged-data.js';

type BitReader = ((n: number | null) => number) & { bytesRead: number };

interface Bzip2Core {
  header(bits: BitReader): number;
  /** Decodes one block to `out`; returns the running stream checksum, or null at the end of the stream. */
  decompress(bits: BitReader, out: (byte: number) => void, buf: Int32Array, size: number, crc: number): number | null;
}

const require = createRequire(import.meta.url);
const core = require('unbzip2-stream/lib/bzip2.js') as Bzip2Core;
const bitIterator = require('unbzip2-stream/lib/bit_iterator.js') as (next: () => Buffer) => BitReader;

const OUT_CHUNK = 64 * 1024;
// A compressed block is smaller than its block size plus this margin (the margin unbzip2-stream
// itself keeps), so once that much input is held a block never runs out of bytes mid-decode.
const BLOCK_MARGIN = 25_000;

// The core throws errors with whimsical messages; the user gets what they mean.
function damaged(err: unknown): Error {
  if (err instanceof DamagedData) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/crc/i.test(message)) return new DamagedData('bzip2 data is damaged: a checksum does not match');
  if (/magic|BZIP/.test(message)) return new DamagedData('not bzip2 data (no bzip2 stream header)');
  return new DamagedData('bzip2 data is damaged and cannot be decoded');
}

/** The decoded bytes of the bzip2 stream(s) in `input`, one block's worth at a time. */
export async function* bunzip2(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const source = input[Symbol.asyncIterator]();
  const queue: Buffer[] = [];
  let received = 0;
  let ended = false;
  let bits: BitReader | null = null;
  const unread = () => received - (bits?.bytesRead ?? 0);
  const ensure = async (bytes: number) => {
    while (!ended && unread() < bytes) {
      const next = await source.next();
      if (next.done) ended = true;
      else if (next.value.length > 0) {
        queue.push(next.value);
        received += next.value.length;
      }
    }
  };
  const nextBuffer = () => {
    const chunk = queue.shift();
    if (chunk === undefined) throw new DamagedData('bzip2 stream is truncated (it ends before its end-of-stream marker)');
    return chunk;
  };
  try {
    await ensure(BLOCK_MARGIN);
    if (received === 0) throw new DamagedData('bzip2 stream is empty');
    bits = bitIterator(nextBuffer);
    // Concatenated streams (pbzip2, appended logs) are read one after another.
    while (unread() > 0) {
      const blockSize = core.header(bits);
      const size = 100_000 * blockSize;
      const buf = new Int32Array(size);
      let crc: number | null = 0;
      while (crc !== null) {
        await ensure(size + BLOCK_MARGIN);
        const chunks: Buffer[] = [];
        let out = Buffer.allocUnsafe(OUT_CHUNK);
        let at = 0;
        crc = core.decompress(
          bits,
          (byte) => {
            out[at++] = byte;
            if (at === OUT_CHUNK) {
              chunks.push(out);
              out = Buffer.allocUnsafe(OUT_CHUNK);
              at = 0;
            }
          },
          buf,
          size,
          crc,
        );
        if (at > 0) chunks.push(out.subarray(0, at));
        yield* chunks;
      }
      await ensure(BLOCK_MARGIN);
    }
  } catch (err) {
    throw damaged(err);
  } finally {
    await source.return?.();
  }
}
