// Git's delta format (pack OFS_DELTA / REF_DELTA entries): two sizes, then copy-from-base and
// insert-literal instructions. Every instruction is bounds-checked, because a damaged or hostile
// pack must give a clear error, never a read past a buffer. The instructions run in WebAssembly
// (delta.wat) for objects that fit its memory; the JavaScript here runs the rest, and names what
// is wrong with a delta the module has no answer for.
import { GitError } from '../../errors.js';
import { growTo, instantiateWasm, type WasmMemory } from '../../detect/wasm-instance.js';
import { DELTA_WASM } from './delta-wasm.js';

// Below this many bytes a plain loop beats Buffer#copy's native call.
const SMALL_COPY = 32;
/**
 * The most memory (delta, base and result) a thread's delta module grows to: a bigger object is
 * rebuilt in JavaScript instead, so one large file does not keep every thread's memory large.
 */
const MODULE_BYTES = 8 << 20;

function bad(why: string): GitError {
  return new GitError('GIT_CORRUPT_OBJECT', `bad delta: ${why}`);
}

/** Reads the base and result sizes that open a delta, and where the instructions start. */
export function readDeltaSizes(delta: Buffer): { baseSize: number; resultSize: number; start: number } {
  let pos = 0;
  const sizes = [0, 0];
  for (let k = 0; k < 2; k++) {
    let value = 0;
    let scale = 1;
    let byte: number;
    do {
      if (pos >= delta.length || scale > 2 ** 49) throw bad('size header runs past the end');
      byte = delta[pos++] as number;
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    sizes[k] = value;
  }
  return { baseSize: sizes[0] as number, resultSize: sizes[1] as number, start: pos };
}

interface DeltaExports {
  memory: WasmMemory;
  apply(pos: number, end: number, base: number, baseLength: number, out: number, outLength: number): number;
}

let module: DeltaExports | undefined;
const align = (n: number) => (n + 7) & ~7;

/** Applies `delta` to `base` and returns the new object content; throws GitError `GIT_CORRUPT_OBJECT`. */
export function applyDelta(base: Buffer, delta: Buffer): Buffer {
  const { resultSize, start } = checkedSizes(base, delta);
  // Anything the module does not answer (a large object, a bad instruction, a short result) is
  // answered, or named, by the JavaScript.
  return applyInModule(base, delta, resultSize, start) ?? applyInJs(base, delta, resultSize, start);
}

function checkedSizes(base: Buffer, delta: Buffer): { resultSize: number; start: number } {
  const { baseSize, resultSize, start } = readDeltaSizes(delta);
  if (baseSize !== base.length) throw bad(`base is ${base.length} bytes, delta expects ${baseSize}`);
  if (resultSize > delta.length * 0x10000 + 0x10000) throw bad(`result size ${resultSize} is impossible`);
  return { resultSize, start };
}

/** The two ways of applying a delta, apart, for the tests to hold one to the other. */
export const deltaAppliers = {
  /** The module's answer, or null when it has none (too large, bad). */
  module(base: Buffer, delta: Buffer): Buffer | null {
    const { resultSize, start } = checkedSizes(base, delta);
    return applyInModule(base, delta, resultSize, start);
  },
  js(base: Buffer, delta: Buffer): Buffer {
    const { resultSize, start } = checkedSizes(base, delta);
    return applyInJs(base, delta, resultSize, start);
  },
};

// The last result the module made, and where its bytes still are in the module's memory: a
// delta chain applies each delta to the result of the one before, which then needs no copying in.
let last: { data: Buffer; at: number } | null = null;

function applyInModule(base: Buffer, delta: Buffer, resultSize: number, start: number): Buffer | null {
  // delta.wat's layout: the base, the delta, the result, each 8-byte aligned, then 8 spare bytes
  // (an instruction read past the delta's end is then still in memory, and rejected). The base
  // is where the last result was when it is that result, else copied to the start.
  const chained =
    last !== null && last.data === base && last.at + align(base.length) + align(delta.length) + align(resultSize) + 8 <= MODULE_BYTES;
  const baseAt = chained ? (last as { at: number }).at : 0;
  const deltaAt = baseAt + align(base.length);
  const outAt = deltaAt + align(delta.length);
  const end = outAt + align(resultSize) + 8;
  last = null;
  if (end > MODULE_BYTES) return null;
  module ??= instantiateWasm<DeltaExports>(DELTA_WASM);
  growTo(module.memory, end);
  const memory = new Uint8Array(module.memory.buffer);
  if (!chained) memory.set(base, baseAt);
  memory.set(delta, deltaAt);
  if (module.apply(deltaAt + start, deltaAt + delta.length, baseAt, base.length, outAt, resultSize) !== resultSize) return null;
  const out = Buffer.allocUnsafe(resultSize);
  out.set(memory.subarray(outAt, outAt + resultSize));
  last = { data: out, at: outAt };
  return out;
}

function applyInJs(base: Buffer, delta: Buffer, resultSize: number, start: number): Buffer {
  const baseSize = base.length;
  const out = Buffer.allocUnsafe(resultSize);
  const end = delta.length;
  let pos = start;
  let outPos = 0;
  while (pos < end) {
    const cmd = delta[pos++] as number;
    if (cmd & 0x80) {
      let offset = 0;
      let size = 0;
      // Each flag bit says one more little-endian byte of offset (bits 0-3) or size (bits 4-6) follows.
      if (cmd & 0x01) offset = delta[pos++] as number;
      if (cmd & 0x02) offset |= (delta[pos++] as number) << 8;
      if (cmd & 0x04) offset |= (delta[pos++] as number) << 16;
      if (cmd & 0x08) offset = (offset | 0) + (delta[pos++] as number) * 0x1000000;
      if (cmd & 0x10) size = delta[pos++] as number;
      if (cmd & 0x20) size |= (delta[pos++] as number) << 8;
      if (cmd & 0x40) size |= (delta[pos++] as number) << 16;
      if (pos > end) throw bad('copy instruction runs past the end');
      if (size === 0) size = 0x10000;
      if (offset + size > baseSize) throw bad(`copy ${offset}+${size} past base of ${baseSize}`);
      if (outPos + size > resultSize) throw bad('copy overflows the result');
      if (size < SMALL_COPY) {
        for (let i = 0; i < size; i++) out[outPos + i] = base[offset + i] as number;
      } else {
        base.copy(out, outPos, offset, offset + size);
      }
      outPos += size;
    } else if (cmd !== 0) {
      if (pos + cmd > end) throw bad('insert instruction runs past the end');
      if (outPos + cmd > resultSize) throw bad('insert overflows the result');
      if (cmd < SMALL_COPY) {
        for (let i = 0; i < cmd; i++) out[outPos + i] = delta[pos + i] as number;
      } else {
        delta.copy(out, outPos, pos, pos + cmd);
      }
      outPos += cmd;
      pos += cmd;
    } else {
      throw bad('reserved instruction 0');
    }
  }
  if (outPos !== resultSize) throw bad(`result is ${outPos} bytes, delta promised ${resultSize}`);
  return out;
}
