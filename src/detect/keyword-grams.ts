// Finds many case-insensitive ASCII literals in a blob at a cost per byte that does not grow
// with their number (keyword-grams.wat explains the search; this file builds its tables and
// runs it). It replaced the prefilter's RE2::Set of keywords, whose cost per byte grew with its
// entries: 536 keywords 16 CPU-s, 1,235 keywords 27 CPU-s on redis's history (benchmarks/RESULTS.md).
//
// Literals of one or two bytes are not indexed (a 4-byte window would need 2^16 expansions):
// they are searched with Buffer.indexOf on their rarest byte, a native byte search.
import { BYTE_FREQUENCY, COMMON_GRAMS_TEXT, PAIR_FREQUENCY } from './common-grams.js';
import { KEYWORD_GRAMS_WASM } from './keyword-grams-wasm.js';
import { growTo, instantiateWasm, type WasmMemory } from './wasm-instance.js';

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

const LOWER = new Uint8Array(256);
for (let b = 0; b < 256; b++) LOWER[b] = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;

// Must agree with keyword-grams.wat (which hashes with 0x9e3779b1 >>> 10).
const FILTER_BITS = 22;
/** Blob bytes scanned per call, and bytes copied on each side so a literal is compared whole. */
const SEGMENT = 65536;
const MARGIN = 64;
/** Output pairs after which a call returns (the caller reads them, then calls again). */
const OUT_LIMIT = 4096;
/** Bit 30 of a reported literal: it reaches outside the window, compare it against the blob. */
const OUTSIDE = 0x40000000;

const fold = (b: number) => b | 0x20;

// How common a window's bytes are in code (common-grams.ts, measured on code that is in no
// benchmark): one of the commonest 4-byte sequences costs more than any other; the others are
// ranked by a first-order estimate, how often their byte pairs occur over how often their
// inner bytes do. The rarest window makes ordinary code stop the scan least often.
const wordAt = (g: string, at: number) =>
  (g.charCodeAt(at) | (g.charCodeAt(at + 1) << 8) | (g.charCodeAt(at + 2) << 16) | (g.charCodeAt(at + 3) << 24)) >>> 0;
const COMMON_COUNT = COMMON_GRAMS_TEXT.length / 4;
const COMMON_COST = 1000;
// Built on first use: a start whose tables were built at compile time (keyword-tables.ts) needs
// only the byte frequencies, and only for a literal of one or two bytes.
let costs: { commonRank: Map<number, number>; logPair: Float64Array } | undefined;
let logByte: Float64Array | undefined;

function byteCosts(): Float64Array {
  if (logByte === undefined) {
    logByte = new Float64Array(256);
    for (const [ch, n] of Object.entries(BYTE_FREQUENCY)) logByte[ch.charCodeAt(0)] = Math.log(n + 1);
  }
  return logByte;
}

function windowCosts(): { commonRank: Map<number, number>; logPair: Float64Array } {
  if (costs === undefined) {
    const logPair = new Float64Array(65536);
    for (const [pair, n] of Object.entries(PAIR_FREQUENCY)) logPair[(pair.charCodeAt(0) << 8) | pair.charCodeAt(1)] = Math.log(n + 1);
    const commonRank = new Map<number, number>();
    for (let rank = 0; rank < COMMON_COUNT; rank++) commonRank.set(wordAt(COMMON_GRAMS_TEXT, 4 * rank), rank);
    costs = { commonRank, logPair };
  }
  return costs;
}

function windowCost(text: Uint8Array, at: number): number {
  const { commonRank, logPair } = windowCosts();
  const logByte = byteCosts();
  const from = Math.max(0, at);
  const to = Math.min(text.length, at + 4);
  if (to - from === 4) {
    const word =
      ((text[from] as number) |
        ((text[from + 1] as number) << 8) |
        ((text[from + 2] as number) << 16) |
        ((text[from + 3] as number) << 24)) >>>
      0;
    const rank = commonRank.get(word);
    if (rank !== undefined) return COMMON_COST + COMMON_COUNT - rank;
  }
  let cost = 0;
  for (let k = from; k + 1 < to; k++) cost += logPair[((text[k] as number) << 8) | (text[k + 1] as number)] as number;
  for (let k = from + 1; k + 1 < to; k++) cost -= logByte[text[k] as number] as number;
  return cost;
}

/**
 * The offsets of the two windows that index `text` (3+ bytes). Any two at an odd distance do:
 * an occurrence puts one of them at an even offset. The pair whose commoner window is rarest
 * makes ordinary code stop the scan least often.
 */
function chooseWindows(text: Uint8Array): [number, number] {
  const n = text.length;
  if (n === 3) return [-1, 0];
  if (n === 4) return windowCost(text, -1) <= windowCost(text, 1) ? [-1, 0] : [0, 1];
  const cost = Array.from({ length: n - 3 }, (_, at) => windowCost(text, at));
  let best: [number, number] = [0, 1];
  let bestCost = Number.POSITIVE_INFINITY;
  for (let a = 0; a < cost.length; a++) {
    for (let b = a + 1; b < cost.length; b += 2) {
      const worse = Math.max(cost[a] as number, cost[b] as number);
      if (worse < bestCost) {
        bestCost = worse;
        best = [a, b];
      }
    }
  }
  return best;
}

/**
 * A window as the module's build reads it: the folded word of its bytes inside `text`, and the
 * bit shift of its one byte outside (any value there), or -1.
 */
function windowRecord(text: Uint8Array, at: number): [number, number] {
  let word = 0;
  let outside = -1;
  for (let k = 0; k < 4; k++) {
    if (at + k >= 0 && at + k < text.length) word |= fold(text[at + k] as number) << (8 * k);
    else outside = 8 * k;
  }
  return [word, outside];
}

function rarestByte(text: Uint8Array): number {
  const logByte = byteCosts();
  let best = 0;
  for (let k = 1; k < text.length; k++) if ((logByte[text[k] as number] as number) < (logByte[text[best] as number] as number)) best = k;
  return best;
}

interface Global {
  value: number;
}
interface GramExports {
  memory: WasmMemory;
  scan(from: number, to: number, len: number, edges: number, stamp: number): number;
  build(windows: number, count: number): number;
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
}

const align = (n: number) => (n + 7) & ~7;

/** Where each table sits in the module's memory (byte offsets, 8-byte aligned). */
export interface GramLayout {
  out: number;
  filter: number;
  keys: number;
  vals: number;
  lists: number;
  lits: number;
  seen: number;
  lower: number;
  text: number;
  input: number;
  windows: number;
  end: number;
}

/**
 * The built tables of a literal set: what the module's memory holds from `layout.filter` up to
 * `layout.input` once `build` ran (the rest is scratch). Built once at `npm run compile` for the
 * built-in catalog (keyword-tables.ts), they are copied in instead of built.
 */
export interface GramTables {
  layout: GramLayout;
  /** Slots of the word hash table (a power of two). */
  slots: number;
  image: Uint8Array;
}

const TABLE_GLOBALS = ['out', 'filter', 'keys', 'vals', 'lists', 'lits', 'seen', 'lower', 'input'] as const;

// An instance whose memory holds `layout`, its globals pointing at the tables.
function instanceFor(layout: GramLayout, slots: number): GramExports {
  const ex = instantiateWasm<GramExports>(KEYWORD_GRAMS_WASM);
  growTo(ex.memory, layout.end);
  for (const key of TABLE_GLOBALS) ex[key].value = layout[key];
  ex.mask.value = slots - 1;
  ex.limit.value = OUT_LIMIT;
  return ex;
}

// Chooses each literal's windows and runs the module's build in an instance of its own.
function buildInstance(literals: readonly GramLiteral[]): { ex: GramExports; layout: GramLayout; slots: number } {
  const windows: number[] = [];
  literals.forEach(({ text }, idx) => {
    for (const b of text) if (b > 0x7f || LOWER[b] !== b) throw new RangeError(`literal ${idx} is not lower-case ASCII`);
    if (text.length < 3) return;
    for (const at of chooseWindows(text)) {
      const [word, outside] = windowRecord(text, at);
      windows.push(word, outside, idx, at);
    }
  });
  // Each window is listed once (keyword-grams.wat): a slot and at most five i32s of lists each.
  const words = windows.length / 4;
  let slots = 16;
  while (slots < words * 2) slots *= 2;

  const textBytes = literals.reduce((sum, l) => sum + l.text.length, 0);
  // Layout: each table after the previous, 8-byte aligned.
  const layout: GramLayout = {
    out: 0,
    filter: 0,
    keys: 0,
    vals: 0,
    lists: 0,
    lits: 0,
    seen: 0,
    lower: 0,
    text: 0,
    input: 0,
    windows: 0,
    end: 0,
  };
  let at = align(outPairsOf(literals) * 8);
  const place = (key: keyof GramLayout, size: number) => {
    layout[key] = at;
    at = align(at + size);
  };
  place('filter', 1 << (FILTER_BITS - 3));
  place('keys', slots * 4);
  place('vals', slots * 4);
  place('lists', words * 5 * 4);
  place('lits', literals.length * 12);
  place('seen', literals.length * 4);
  place('lower', 256);
  place('text', textBytes);
  place('input', SEGMENT + 2 * MARGIN + 8);
  place('windows', windows.length * 4);
  layout.end = at;

  const ex = instanceFor(layout, slots);
  const bytes = new Uint8Array(ex.memory.buffer);
  const ints = new Int32Array(ex.memory.buffer);
  bytes.set(LOWER, layout.lower);
  ints.set(windows, layout.windows / 4);
  ex.build(layout.windows, windows.length / 4);
  let textAt = layout.text;
  literals.forEach(({ text, everyOccurrence }, idx) => {
    bytes.set(text, textAt);
    const rec = layout.lits / 4 + idx * 3;
    ints[rec] = textAt;
    ints[rec + 1] = text.length;
    ints[rec + 2] = everyOccurrence ? 1 : 0;
    textAt += text.length;
  });
  return { ex, layout, slots };
}

// A word's list holds at most one pair per window, two windows a literal.
const outPairsOf = (literals: readonly GramLiteral[]) => OUT_LIMIT + 2 * literals.length + 1;

/** Builds the tables of `literals` (to be written to a file and opened later). */
export function buildGramTables(literals: readonly GramLiteral[]): GramTables {
  const { ex, layout, slots } = buildInstance(literals);
  return { layout, slots, image: new Uint8Array(ex.memory.buffer, layout.filter, layout.input - layout.filter).slice() };
}

// Instances made by gramMemoryFor, by the memory their tables are read into.
const prepared = new WeakMap<ArrayBufferLike, { ex: GramExports; layout: GramLayout }>();

const LAYOUT_ORDER = ['out', 'filter', 'keys', 'vals', 'lists', 'lits', 'seen', 'lower', 'text', 'input', 'windows', 'end'] as const;
// Far above any catalog's (0.8 MB for 1,500 literals): a damaged layout must not grow memory without bound.
const MAX_MEMORY = 256 << 20;

function orderedLayout(layout: GramLayout): boolean {
  for (let k = 0; k < LAYOUT_ORDER.length; k++) {
    const v = layout[LAYOUT_ORDER[k] as keyof GramLayout];
    if (!Number.isInteger(v) || v % 8 !== 0 || (k > 0 && v < layout[LAYOUT_ORDER[k - 1] as keyof GramLayout])) return false;
  }
  return layout.out === 0 && layout.end <= MAX_MEMORY;
}

/**
 * The memory of a new instance laid out as `layout`, where tables built earlier are to be read
 * (`layout.filter` up to `layout.input`): {@link compileGramMatcher} then uses that instance
 * as it is, with no copy. Empty for a layout that cannot be one.
 */
export function gramMemoryFor(layout: GramLayout, slots: number): Uint8Array {
  if (!orderedLayout(layout) || !Number.isInteger(Math.log2(slots))) return new Uint8Array(0);
  const ex = instanceFor(layout, slots);
  prepared.set(ex.memory.buffer, { ex, layout });
  return new Uint8Array(ex.memory.buffer, layout.filter, layout.input - layout.filter);
}

/**
 * Whether `tables` can serve `literals`: the layout fits the literals and the image fits the
 * layout. The tables' content is vouched for by whoever stored them (keyword-tables.ts).
 */
export function tablesFit(literals: readonly GramLiteral[], tables: GramTables): boolean {
  const { layout, slots, image } = tables;
  if (!orderedLayout(layout)) return false;
  const textBytes = literals.reduce((sum, l) => sum + l.text.length, 0);
  return (
    layout.filter >= outPairsOf(literals) * 8 &&
    layout.keys - layout.filter >= 1 << (FILTER_BITS - 3) &&
    Number.isInteger(Math.log2(slots)) &&
    layout.vals - layout.keys >= slots * 4 &&
    layout.lists - layout.vals >= slots * 4 &&
    layout.seen - layout.lits >= literals.length * 12 &&
    layout.lower - layout.seen >= literals.length * 4 &&
    layout.text - layout.lower >= 256 &&
    layout.input - layout.text >= textBytes &&
    layout.windows - layout.input >= SEGMENT + 2 * MARGIN + 8 &&
    image.length === layout.input - layout.filter
  );
}

/**
 * Compiles the literals' tables into a module instance of their own, or copies in `tables`
 * built earlier for the same literals (see {@link tablesFit}).
 */
export function compileGramMatcher(literals: readonly GramLiteral[], tables?: GramTables): GramMatcher {
  let ex: GramExports;
  let layout: GramLayout;
  if (tables === undefined) ({ ex, layout } = buildInstance(literals));
  else {
    layout = tables.layout;
    const ready = prepared.get(tables.image.buffer);
    // Read into an instance of its own (gramMemoryFor): used once, as it is.
    if (ready !== undefined && ready.layout === layout && tables.image.byteOffset === layout.filter) {
      ex = ready.ex;
      prepared.delete(tables.image.buffer);
    } else {
      ex = instanceFor(layout, tables.slots);
      new Uint8Array(ex.memory.buffer).set(tables.image, layout.filter);
    }
  }
  const short: number[] = [];
  const empty: number[] = [];
  literals.forEach(({ text }, idx) => {
    if (text.length === 0) empty.push(idx);
    else if (text.length < 3) short.push(idx);
  });
  const outPairs = outPairsOf(literals);
  const mem = ex.memory.buffer;
  const bytes = new Uint8Array(mem);

  const seen = new Int32Array(mem, layout.seen, literals.length);
  const out = new Int32Array(mem, 0, outPairs * 2);
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
      // Checked first: binaries hold these byte pairs often, and are then left to RE2 whole.
      if (buf.indexOf(U017F) !== -1 || buf.indexOf(U212A) !== -1) return false;
      const n = buf.length;
      for (let base = 0; base < n; base += SEGMENT) scanSegment(buf, base, onFound);
      for (const idx of empty) report(idx, 0, onFound);
      for (const idx of short) scanShort(buf, idx, onFound);
      return true;
    },
  };
}

// The UTF-8 of the two non-ASCII code points RE2's case folding maps to ASCII letters.
const U017F = Buffer.from('\u017f', 'utf8');
const U212A = Buffer.from('\u212a', 'utf8');
