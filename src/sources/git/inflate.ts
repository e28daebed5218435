// zlib inflation of pack entries whose inflated size is known from the entry header.
//
// node:zlib's inflateSync builds a stream object and a zlib state for every call (~2 µs), which
// dominates for the many small trees and commits of a history. When the running Node exposes
// the zlib binding it uses internally (every release since 12), one inflater per thread is
// reset and reused instead (~0.3 µs), writing straight into a buffer of the known size. The
// public API is the fallback, and a self-test at load picks it if the binding looks different.
import zlib from 'node:zlib';

/** Result of inflating one zlib stream from the start of `input`. */
export interface Inflated {
  /** The inflated bytes, exactly the expected size. */
  data: Buffer;
  /** Input bytes the zlib stream occupied (trailing bytes after it are ignored). */
  consumed: number;
}

/** Thrown for a stream that does not inflate to exactly the expected size; callers add context. */
export class InflateError extends Error {}

interface ZlibHandle {
  writeSync(flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void;
  reset(): void;
  onerror: (...args: unknown[]) => void;
}

type InflateFn = (input: Buffer, size: number) => Inflated;

function inflatePublic(input: Buffer, size: number): Inflated {
  let result: { buffer: Buffer; engine: zlib.Inflate };
  try {
    // One spare output byte: a stream longer than `size` then overflows instead of being cut to fit.
    const limit = size + 1;
    result = zlib.inflateSync(input, { info: true, chunkSize: Math.max(64, limit), maxOutputLength: limit }) as never;
  } catch (err) {
    throw new InflateError((err as Error).message);
  }
  if (result.buffer.length !== size) {
    throw new InflateError(`inflated to ${result.buffer.length} bytes, header says ${size}`);
  }
  return { data: result.buffer, consumed: result.engine.bytesWritten };
}

function makeReusedInflater(): InflateFn | null {
  const engine = zlib.createInflate() as unknown as { _handle?: ZlibHandle; _writeState?: Uint32Array };
  const handle = engine._handle;
  const state = engine._writeState;
  if (typeof handle?.writeSync !== 'function' || typeof handle.reset !== 'function' || !(state instanceof Uint32Array)) {
    return null;
  }
  let failure: string | null = null;
  handle.onerror = (...args: unknown[]) => {
    failure = String(args.find((a) => typeof a === 'string') ?? 'zlib error');
  };
  const finish = zlib.constants.Z_FINISH;
  return (input, size) => {
    failure = null;
    const out = Buffer.allocUnsafe(size + 1);
    handle.writeSync(finish, input, 0, input.length, out, 0, size + 1);
    const availOut = state[0] as number;
    const availIn = state[1] as number;
    handle.reset();
    if (failure !== null) throw new InflateError(failure);
    if (availOut !== 1) {
      throw new InflateError(
        availOut === 0 ? `inflates to more than ${size} bytes` : `inflated to ${size + 1 - availOut} bytes, header says ${size}`,
      );
    }
    return { data: out.subarray(0, size), consumed: input.length - availIn };
  };
}

function passesSelfTest(fn: InflateFn): boolean {
  try {
    const sample = Buffer.from('credsweep inflate self-test '.repeat(20));
    const packed = Buffer.concat([zlib.deflateSync(sample), Buffer.from('tail')]);
    const ok = fn(packed, sample.length);
    if (!ok.data.equals(sample) || ok.consumed !== packed.length - 4) return false;
    try {
      fn(packed.subarray(0, packed.length - 10), sample.length);
      return false;
    } catch (err) {
      if (!(err instanceof InflateError)) return false;
    }
    return fn(packed, sample.length).data.equals(sample);
  } catch {
    return false;
  }
}

const reused = makeReusedInflater();
let active: InflateFn = reused !== null && passesSelfTest(reused) ? reused : inflatePublic;

/**
 * Inflates the zlib stream at the start of `input`, which must inflate to exactly `size` bytes;
 * throws InflateError otherwise (damaged or truncated data, wrong size).
 */
export function inflateExact(input: Buffer, size: number): Inflated {
  // Deflate cannot compress better than about 1032:1, so a larger claim is a lie told to make us
  // allocate; refuse it before allocating.
  if (size > input.length * 1032 + 1024) throw new InflateError(`header claims ${size} bytes from ${input.length} compressed`);
  return active(input, size);
}

/** Selects the public node:zlib path (true) or the reused inflater (false); for tests and benchmarks. */
export function usePublicZlib(on: boolean): void {
  active = on || reused === null ? inflatePublic : reused;
}

const CHUNK = 1 << 20;

/**
 * Inflates a zlib stream that must come to exactly `size` bytes without ever holding it: the
 * compressed bytes come from `input(consumed)` piece by piece, and each inflated piece of at
 * most 1 MiB goes to `onChunk` (which must use it at once). For an entry over the size limit in
 * a pack that has no index: its id is hashed as it inflates, and the next entry found after it.
 * Returns how many compressed bytes the stream took; throws InflateError.
 */
export function inflateInChunks(input: (consumed: number) => Buffer, size: number, onChunk: (data: Buffer) => void): number {
  const engine = zlib.createInflate() as unknown as { _handle?: ZlibHandle; _writeState?: Uint32Array; close(): void };
  const handle = engine._handle;
  const state = engine._writeState;
  if (typeof handle?.writeSync !== 'function' || !(state instanceof Uint32Array)) {
    throw new InflateError(`cannot step over a ${size}-byte entry with this Node's zlib`);
  }
  let failure: string | null = null;
  handle.onerror = (...args: unknown[]) => {
    failure = String(args.find((a) => typeof a === 'string') ?? 'zlib error');
  };
  const out = Buffer.allocUnsafe(CHUNK);
  let consumed = 0;
  let produced = 0;
  try {
    for (;;) {
      const piece = input(consumed);
      if (piece.length === 0) {
        if (produced === size) return consumed;
        throw new InflateError(`stream cut short after ${produced} of ${size} bytes`);
      }
      let offset = 0;
      for (;;) {
        handle.writeSync(zlib.constants.Z_NO_FLUSH, piece, offset, piece.length - offset, out, 0, CHUNK);
        if (failure !== null) throw new InflateError(failure);
        const availOut = state[0] as number;
        const availIn = state[1] as number;
        produced += CHUNK - availOut;
        if (produced > size) throw new InflateError(`inflates to more than ${size} bytes`);
        if (availOut < CHUNK) onChunk(out.subarray(0, CHUNK - availOut));
        const used = piece.length - offset - availIn;
        offset += used;
        consumed += used;
        if (availOut === 0) continue;
        // Room left in the output: the stream ended (input is left over), or this piece is used up.
        if (availIn > 0) {
          if (produced !== size) throw new InflateError(`inflated to ${produced} bytes, header says ${size}`);
          return consumed;
        }
        break;
      }
    }
  } finally {
    engine.close();
  }
}
