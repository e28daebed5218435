// Runs of base64-alphabet bytes long enough to be decoded, found by the WebAssembly module of
// class-runs.wat (SIMD, 16 bytes a step). The blob passes through the module's fixed memory one
// segment at a time, so the memory stays the same whatever the blob's size; a run that crosses
// segments is carried over. Each run comes with what kinds of bytes it holds, which is all the
// decoding layer needs to tell base64 and hex from identifiers and paths.
import { CLASS_RUNS_WASM } from './class-runs-wasm.js';
import { instantiateWasm } from './wasm-instance.js';

/** The run holds an upper-case letter. */
export const RUN_UPPER = 1;
/** The run holds a lower-case letter. */
export const RUN_LOWER = 2;
/** The run holds a digit. */
export const RUN_DIGIT = 4;
/** The run holds a byte that is no hex digit. */
export const RUN_NOT_HEX = 8;

// The memory layout class-runs.wat reads (its offsets must agree).
const OUTPUT = 0;
const INPUT = 131072;
const FLAGS = 458752;
/** Bytes of the blob handed to the module per call: fills [INPUT, FLAGS) with its 32-byte tail. */
const SEGMENT = 262144;
/** The module keeps only runs at least this long: its output holds SEGMENT / (MIN + 1) triples. */
const SHORTEST = 24;

const FLAG_OF = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  FLAG_OF[c] =
    (/[A-Z]/.test(ch) ? RUN_UPPER : 0) |
    (/[a-z]/.test(ch) ? RUN_LOWER : 0) |
    (/[0-9]/.test(ch) ? RUN_DIGIT : 0) |
    (/[g-zG-Z+/_-]/.test(ch) ? RUN_NOT_HEX : 0);
}

interface WasmExports {
  memory: { buffer: ArrayBuffer };
  carry: { value: number };
  runs(len: number, carry: number, final: number, min: number): number;
}

interface Runner {
  runs: WasmExports['runs'];
  carry: WasmExports['carry'];
  bytes: Uint8Array;
  words: Int32Array;
}

// Compiled on first use, once per thread (each worker has its own module instance).
let runner: Runner | null = null;

function load(): Runner {
  const exports = instantiateWasm<WasmExports>(CLASS_RUNS_WASM);
  const bytes = new Uint8Array(exports.memory.buffer);
  bytes.set(FLAG_OF, FLAGS);
  return { runs: exports.runs, carry: exports.carry, bytes, words: new Int32Array(exports.memory.buffer) };
}

function flagsOf(buf: Uint8Array, start: number, stop: number): number {
  let flags = 0;
  for (let k = start; k < stop; k++) flags |= FLAG_OF[buf[k] as number] as number;
  return flags;
}

/**
 * Every maximal run of [A-Za-z0-9+/_-] at least `min` (>= 24) bytes long, as flat (start, stop,
 * flags) triples in order, the flags the RUN_* bits of its bytes. The module's output is copied
 * out a segment at a time rather than handed over a call per run (a blob of C holds a run every
 * 600 bytes or so). `segment` (a multiple of 16, at most the default) is there for tests of runs
 * that cross segments.
 */
export function classRunTriples(buf: Uint8Array, min: number, segment = SEGMENT): Int32Array {
  if (min < SHORTEST) throw new RangeError(`class runs shorter than ${SHORTEST} are not searched for`);
  if (segment % 16 !== 0 || segment <= 0 || segment > SEGMENT) throw new RangeError(`bad segment size ${segment}`);
  runner ??= load();
  const { runs, carry, bytes, words } = runner;
  let out = new Int32Array(96);
  let n = 0;
  let run = 0;
  for (let offset = 0; ; offset += segment) {
    const len = Math.min(segment, buf.length - offset);
    bytes.set(buf.subarray(offset, offset + len), INPUT);
    const final = offset + len >= buf.length ? 1 : 0;
    if (final) bytes.fill(0, INPUT + len, INPUT + len + 32);
    const count = runs(len, run, final, min);
    run = carry.value;
    if (n + count * 3 > out.length) {
      const grown = new Int32Array(Math.max(out.length * 2, n + count * 3));
      grown.set(out.subarray(0, n));
      out = grown;
    }
    // Starts are relative to the segment; flags -1 mark a run begun in an earlier segment.
    for (let k = 0; k < count * 3; k += 3) {
      const start = offset + (words[OUTPUT + k] as number);
      const stop = offset + (words[OUTPUT + k + 1] as number);
      const flags = words[OUTPUT + k + 2] as number;
      out[n++] = start;
      out[n++] = stop;
      out[n++] = flags === -1 ? flagsOf(buf, start, stop) : flags;
    }
    if (final) return out.subarray(0, n);
  }
}
