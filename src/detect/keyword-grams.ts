// Finds many case-insensitive ASCII literals in a blob at a cost per byte that does not grow
// with their number (keyword-grams.wat explains the search; this file builds its tables and
// runs it). It replaced the prefilter's RE2::Set of keywords, whose cost per byte grew with its
// entries: 536 keywords 16 CPU-s, 1,235 keywords 27 CPU-s on redis's history (benchmarks/RESULTS.md).
//
// Literals of one or two bytes are not indexed (a 4-byte window would need 2^16 expansions):
// they are searched with Buffer.indexOf on their rarest byte, a native byte search.
import { COMMON_GRAMS } from './common-grams.js';
import { KEYWORD_GRAMS_WASM } from './keyword-grams-wasm.js';

/** One literal to find: its bytes, ASCII lower-case, no byte above 0x7f. */
export interface GramLiteral {
  text: Uint8Array;
  /** Report every occurrence until the callback says stop, instead of the first only. */
  everyOccurrence: boolean;
}

/** Called per occurrence found; return true to hear no more of this literal in this blob. */
export type OnLiteral = (literal: number, start: number) => boolean;

/** A compiled set of literals. */
export interface GramMatcher {
  /**
   * Reports occurrences of the literals in `buf` (a literal reported once, or every occurrence
   * until `onFound` returns true). Returns false, having reported nothing reliable, when `buf`
   * holds U+017F or U+212A, which RE2's case-insensitive matching folds to `s` and `k`.
   */
  scan(buf: Uint8Array, onFound: OnLiteral): boolean;
}

// How common each byte is in source code, per 100,000 bytes (measured on JavaScript, C headers
// and Python sources, letters folded to lower case); among windows that are not common
// sequences of code (common-grams.ts), one of rare bytes is chosen to index a literal, so that
// ordinary code rarely stops the scan. Bytes not listed count as 5.
const BYTE_FREQUENCY: Record<string, number> = {
  ' ': 17482,
  e: 7694,
  t: 6115,
  r: 4754,
  o: 4409,
  s: 4384,
  n: 4369,
  i: 4111,
  a: 4055,
  c: 2888,
  l: 2260,
  p: 2131,
  d: 2029,
  u: 1965,
  m: 1768,
  ',': 1573,
  '.': 1492,
  f: 1460,
  h: 1421,
  '=': 1363,
  '(': 1329,
  ')': 1327,
  g: 1213,
  ';': 1113,
  '"': 966,
  _: 871,
  b: 810,
  y: 762,
  '}': 705,
  '{': 703,
  x: 676,
  v: 629,
  k: 533,
  w: 506,
  '0': 503,
  '/': 478,
  ':': 463,
  '[': 391,
  ']': 389,
  "'": 357,
  '1': 323,
  '-': 319,
  q: 265,
  '2': 217,
  j: 202,
  '*': 196,
  '&': 187,
  '>': 175,
  $: 169,
  '+': 162,
  '`': 160,
  '|': 152,
  '?': 147,
  '3': 138,
  z: 133,
  '6': 130,
  '!': 129,
  '4': 121,
  '5': 114,
  '\\': 89,
  '8': 87,
  '@': 64,
  '9': 58,
  '<': 56,
  '#': 50,
  '7': 49,
  '%': 19,
  '^': 19,
  '~': 9,
  '\n': 3000,
  '\t': 600,
};
const LOG_FREQUENCY = new Float64Array(256).fill(Math.log(5));
for (const [ch, n] of Object.entries(BYTE_FREQUENCY)) LOG_FREQUENCY[ch.charCodeAt(0)] = Math.log(n);

const LOWER = new Uint8Array(256);
for (let b = 0; b < 256; b++) LOWER[b] = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;

// Must agree with keyword-grams.wat.
const HASH = 0x9e3779b1;
const FILTER_BITS = 21;
/** Blob bytes scanned per call, and bytes copied on each side so a literal is compared whole. */
const SEGMENT = 65536;
const MARGIN = 64;
/** Output pairs after which a call returns (the caller reads them, then calls again). */
const OUT_LIMIT = 4096;
/** Bit 30 of a reported literal: it reaches outside the window, compare it against the blob. */
const OUTSIDE = 0x40000000;

const fold = (b: number) => b | 0x20;
/** The 128 values a folded byte can take (any byte, 0x00 to 0xff, with 0x20 set). */
const FOLDED = Array.from({ length: 256 }, (_, v) => v).filter((v) => v === fold(v));

// A window that is one of the common sequences of code costs more than any other.
const COMMON_RANK = new Map(COMMON_GRAMS.map((g, rank) => [g, rank]));
const COMMON_COST = 1000;

function windowCost(text: Uint8Array, at: number): number {
  if (at >= 0 && at + 4 <= text.length) {
    const rank = COMMON_RANK.get(String.fromCharCode(...text.subarray(at, at + 4)));
    if (rank !== undefined) return COMMON_COST + COMMON_GRAMS.length - rank;
  }
  let cost = 0;
  for (let k = at; k < at + 4; k++) if (k >= 0 && k < text.length) cost += LOG_FREQUENCY[text[k] as number] as number;
  return cost;
}

/** The offset of the first of the two consecutive windows that index `text` (3+ bytes). */
function chooseWindows(text: Uint8Array): number {
  const n = text.length;
  if (n === 3) return -1;
  if (n === 4) return windowCost(text, -1) <= windowCost(text, 1) ? -1 : 0;
  let best = 0;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let at = 0; at + 5 <= n; at++) {
    const cost = Math.max(windowCost(text, at), windowCost(text, at + 1));
    if (cost < bestCost) {
      bestCost = cost;
      best = at;
    }
  }
  return best;
}

/** Every folded 4-byte word a window at `at` of `text` can read (outside bytes: any). */
function windowWords(text: Uint8Array, at: number): number[] {
  let words = [0];
  for (let k = 0; k < 4; k++) {
    const idx = at + k;
    const shift = 8 * k;
    if (idx >= 0 && idx < text.length) words = words.map((w) => w | (fold(text[idx] as number) << shift));
    else words = words.flatMap((w) => FOLDED.map((v) => w | (v << shift)));
  }
  return words.map((w) => w >>> 0);
}

function rarestByte(text: Uint8Array): number {
  let best = 0;
  for (let k = 1; k < text.length; k++)
    if ((LOG_FREQUENCY[text[k] as number] as number) < (LOG_FREQUENCY[text[best] as number] as number)) best = k;
  return best;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
interface Global {
  value: number;
}
interface GramExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  scan(from: number, to: number, len: number, edges: number, stamp: number): number;
  out: Global;
  limit: Global;
  filter: Global;
  keys: Global;
  vals: Global;
  mask: Global;
  lists: Global;
  lits: Global;
  seen: Global;
  lower: Global;
  input: Global;
  next: Global;
  bits: Global;
}

const align = (n: number) => (n + 7) & ~7;

/** Compiles the literals' tables into a module instance of their own. */
export function compileGramMatcher(literals: readonly GramLiteral[]): GramMatcher {
  const words = new Map<number, number[]>();
  const short: number[] = [];
  const empty: number[] = [];
  literals.forEach(({ text }, idx) => {
    for (const b of text) if (b > 0x7f || LOWER[b] !== b) throw new RangeError(`literal ${idx} is not lower-case ASCII`);
    if (text.length === 0) empty.push(idx);
    else if (text.length < 3) short.push(idx);
    else {
      const first = chooseWindows(text);
      for (const at of [first, first + 1]) {
        for (const w of windowWords(text, at)) {
          const list = words.get(w);
          if (list === undefined) words.set(w, [idx, at]);
          else list.push(idx, at);
        }
      }
    }
  });

  let slots = 16;
  while (slots < words.size * 2) slots *= 2;
  let longestList = 0;
  let listInts = 0;
  for (const list of words.values()) {
    longestList = Math.max(longestList, list.length / 2);
    listInts += 1 + list.length;
  }
  const textBytes = literals.reduce((sum, l) => sum + l.text.length, 0);
  // Layout: each table after the previous, 8-byte aligned.
  const layout = { out: 0, filter: 0, keys: 0, vals: 0, lists: 0, lits: 0, seen: 0, lower: 0, text: 0, input: 0, end: 0 };
  let at = align((OUT_LIMIT + longestList + 1) * 8);
  const place = (key: keyof typeof layout, size: number) => {
    layout[key] = at;
    at = align(at + size);
  };
  place('filter', 1 << (FILTER_BITS - 3));
  place('keys', slots * 4);
  place('vals', slots * 4);
  place('lists', listInts * 4);
  place('lits', literals.length * 12);
  place('seen', literals.length * 4);
  place('lower', 256);
  place('text', textBytes);
  place('input', SEGMENT + 2 * MARGIN + 8);
  layout.end = at;

  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const ex = new wasm.Instance(new wasm.Module(Buffer.from(KEYWORD_GRAMS_WASM, 'base64'))).exports as GramExports;
  const pages = Math.ceil(layout.end / 65536) - ex.memory.buffer.byteLength / 65536;
  if (pages > 0) ex.memory.grow(pages);
  const mem = ex.memory.buffer;
  const bytes = new Uint8Array(mem);
  const ints = new Int32Array(mem);
  for (const key of ['out', 'filter', 'keys', 'vals', 'lists', 'lits', 'seen', 'lower', 'input'] as const) ex[key].value = layout[key];
  ex.mask.value = slots - 1;
  ex.limit.value = OUT_LIMIT;
  bytes.set(LOWER, layout.lower);

  const filter = new Int32Array(mem, layout.filter, 1 << (FILTER_BITS - 5));
  let listAt = layout.lists / 4;
  for (const [w, list] of words) {
    const x = Math.imul(w, HASH) >>> (32 - FILTER_BITS);
    filter[x >>> 5] = (filter[x >>> 5] as number) | (1 << (x & 31));
    let slot = x & (slots - 1);
    while (ints[layout.vals / 4 + slot] !== 0) slot = (slot + 1) & (slots - 1);
    ints[layout.keys / 4 + slot] = w;
    ints[layout.vals / 4 + slot] = listAt - layout.lists / 4 + 1;
    ints[listAt++] = list.length / 2;
    for (const v of list) ints[listAt++] = v;
  }
  let textAt = layout.text;
  literals.forEach(({ text, everyOccurrence }, idx) => {
    bytes.set(text, textAt);
    const rec = layout.lits / 4 + idx * 3;
    ints[rec] = textAt;
    ints[rec + 1] = text.length;
    ints[rec + 2] = everyOccurrence ? 1 : 0;
    textAt += text.length;
  });

  const seen = new Int32Array(mem, layout.seen, literals.length);
  const out = new Int32Array(mem, 0, (OUT_LIMIT + longestList + 1) * 2);
  let stamp = 0;

  const equalAt = (buf: Uint8Array, start: number, text: Uint8Array) => {
    if (start < 0 || start + text.length > buf.length) return false;
    for (let k = 0; k < text.length; k++) if (LOWER[buf[start + k] as number] !== text[k]) return false;
    return true;
  };
  // Reports one occurrence; true when the literal is done for this blob.
  const report = (idx: number, start: number, onFound: OnLiteral) => {
    const done = onFound(idx, start) || !(literals[idx] as GramLiteral).everyOccurrence;
    if (done) seen[idx] = stamp;
    return done;
  };

  function scanShort(buf: Buffer, idx: number, onFound: OnLiteral) {
    const { text } = literals[idx] as GramLiteral;
    const k = rarestByte(text);
    const b = text[k] as number;
    const variants = b >= 0x61 && b <= 0x7a ? [b, b - 0x20] : [b];
    for (const v of variants) {
      for (let p = buf.indexOf(v); p !== -1; p = buf.indexOf(v, p + 1)) {
        if (seen[idx] === stamp) return;
        if (equalAt(buf, p - k, text) && report(idx, p - k, onFound)) return;
      }
    }
  }

  // Reads the pairs one call wrote; the window was copied from `from` in the blob.
  function readOut(buf: Buffer, count: number, from: number, onFound: OnLiteral) {
    for (let k = 0; k < count; k++) {
      let idx = out[2 * k] as number;
      const start = (out[2 * k + 1] as number) + from;
      if (seen[idx] === stamp && (literals[idx & ~OUTSIDE] as GramLiteral).everyOccurrence) continue;
      if (idx & OUTSIDE) {
        idx &= ~OUTSIDE;
        if (seen[idx] === stamp || !equalAt(buf, start, (literals[idx] as GramLiteral).text)) continue;
      }
      report(idx, start, onFound);
    }
  }

  // Scans [base, base + SEGMENT) of the blob, with MARGIN bytes either side in the window.
  function scanSegment(buf: Buffer, base: number, onFound: OnLiteral) {
    const n = buf.length;
    const from = Math.max(0, base - MARGIN);
    const to = Math.min(n, base + SEGMENT + MARGIN);
    bytes.set(buf.subarray(from, to), layout.input);
    bytes.fill(0, layout.input + (to - from), layout.input + (to - from) + 8);
    const edges = (from === 0 ? 1 : 0) | (to === n ? 2 : 0);
    const stop = Math.min(n, base + SEGMENT) - from;
    for (let next = base - from; next < stop; next = ex.next.value)
      readOut(buf, ex.scan(next, stop, to - from, edges, stamp), from, onFound);
  }

  return {
    scan(data: Uint8Array, onFound: OnLiteral): boolean {
      const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      stamp = stamp === 0x7fffffff ? 1 : stamp + 1;
      if (stamp === 1) seen.fill(0);
      const n = buf.length;
      ex.bits.value = 0;
      for (let base = 0; base < n; base += SEGMENT) scanSegment(buf, base, onFound);
      if ((ex.bits.value & 0x80808080) !== 0 && (buf.indexOf(U017F) !== -1 || buf.indexOf(U212A) !== -1)) return false;
      for (const idx of empty) report(idx, 0, onFound);
      for (const idx of short) scanShort(buf, idx, onFound);
      return true;
    },
  };
}

// The UTF-8 of the two non-ASCII code points RE2's case folding maps to ASCII letters.
const U017F = Buffer.from('\u017f', 'utf8');
const U212A = Buffer.from('\u212a', 'utf8');
