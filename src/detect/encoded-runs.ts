// Runs of encoded text long enough to hold a secret: base64 (standard and URL-safe), hex and
// percent-encoding. A base64 PEM in a .env, a Kubernetes Secret's data values, a hex-encoded
// token in a config: the rules cannot see those until they are decoded. The base64 and hex runs
// are found by a WebAssembly search (class-runs.ts); percent runs are looked for only when the
// blob holds a '%'. Only a decoding that reads as text is kept: random bytes decoded from an
// identifier that happened to be base64-shaped are not scanned.

import { classRunTriples, RUN_DIGIT, RUN_LOWER, RUN_NOT_HEX, RUN_UPPER } from './class-runs.js';

/** How a run was encoded. */
export type Encoding = 'base64' | 'hex' | 'percent';

/** An encoded run of a blob and what it decodes to. */
export interface EncodedRun {
  encoding: Encoding;
  /** Byte offset of the run in the blob. */
  start: number;
  /** Byte offset just past the run. */
  end: number;
  decoded: Buffer;
}

/** Shortest base64 run decoded: 24 characters hold 18 bytes, less than any secret worth a rule. */
export const MIN_BASE64_RUN = 24;
/** Shortest hex run decoded: 32 characters, 16 bytes. */
export const MIN_HEX_RUN = 32;
/** A percent run needs this many escapes to be worth decoding. */
const MIN_PERCENT_ESCAPES = 2;
/**
 * At most this many runs are decoded per blob, so a blob of nothing but base64 stays linear; a
 * blob with more is counted (ScanStats.decodeCapped), its other runs scanned only as written.
 */
export const MAX_DECODED_RUNS = 4096;
// One run past the cap is looked for, to tell "exactly the cap" from "more".
const LOOK_FOR = MAX_DECODED_RUNS + 1;

const HEX = 1; // 0-9 a-f A-F
const URL_CHAR = 2; // what a percent-encoded run may hold besides escapes
const MIXED = RUN_UPPER | RUN_LOWER | RUN_DIGIT;

const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] = (/[0-9a-fA-F]/.test(ch) ? HEX : 0) | (/[A-Za-z0-9%._~+\-/:@!$&'()*,;=?]/.test(ch) ? URL_CHAR : 0);
}
const EQUALS = 0x3d;
const PERCENT = 0x25;

// Decoded bytes are worth scanning when nearly all are printable ASCII or whitespace (a PEM, a
// JSON key file, a token): random bytes are not, at about 37% printable.
// The walk stops at the first byte past the allowance, so noise is rejected after a few bytes.
function readsAsText(data: Buffer): boolean {
  if (data.length === 0) return false;
  const allowed = Math.floor(data.length * 0.05);
  let unprintable = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i] as number;
    if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09) continue;
    if (++unprintable > allowed) return false;
  }
  return true;
}

function decodeRun(buf: Buffer, start: number, end: number, hexOnly: boolean): EncodedRun | null {
  const text = buf.toString('latin1', start, end);
  if (hexOnly && text.length % 2 === 0 && text.length >= MIN_HEX_RUN) {
    const decoded = Buffer.from(text, 'hex');
    if (readsAsText(decoded)) return { encoding: 'hex', start, end, decoded };
  }
  // Node's base64 decoder takes both alphabets; a length of 4n+1 is never valid base64.
  if (text.replace(/=+$/, '').length % 4 === 1) return null;
  const decoded = Buffer.from(text, 'base64');
  return readsAsText(decoded) ? { encoding: 'base64', start, end, decoded } : null;
}

/**
 * The runs of at least MIN_BASE64_RUN characters of [A-Za-z0-9+/_-] in `buf`, as flat (start,
 * stop, flags) triples: what findEncodedRunsCapped decodes, and where the matcher looks for
 * words of a fixed length (token-run.ts), so one pass serves both.
 */
export function base64ClassRuns(buf: Buffer): Int32Array {
  return classRunTriples(buf, MIN_BASE64_RUN);
}

// Runs of at least MIN_BASE64_RUN base64 characters (base64ClassRuns, or `runs` when already
// found), each decoded when it is shaped like an encoding.
function findBase64AndHex(buf: Buffer, out: EncodedRun[], runs: ArrayLike<number> = base64ClassRuns(buf)): void {
  for (let k = 0; k < runs.length && out.length < LOOK_FOR; k += 3)
    examineRun(buf, runs[k] as number, runs[k + 1] as number, runs[k + 2] as number, out);
}

// A long run: decoded when it is shaped like an encoding, padding included.
function examineRun(buf: Buffer, start: number, stop: number, flags: number, out: EncodedRun[]): void {
  const hexOnly = (flags & RUN_NOT_HEX) === 0;
  // Base64 of 24+ characters mixes upper case, lower case and digits; identifiers, paths and
  // words (most runs of these characters in code) do not, and are not decoded at all.
  const shaped = hexOnly ? (flags & RUN_DIGIT) !== 0 : (flags & MIXED) === MIXED;
  if (!shaped) return;
  let end = stop;
  while (end < buf.length && end - stop < 2 && buf[end] === EQUALS) end++;
  const run = decodeRun(buf, start, end, hexOnly);
  if (run) out.push(run);
}

// %XX escapes decoded; everything else kept as it is.
function decodePercent(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === PERCENT && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

function isEscape(buf: Buffer, at: number): boolean {
  return (
    buf[at] === PERCENT &&
    at + 2 < buf.length &&
    ((CLASS[buf[at + 1] as number] as number) & HEX) !== 0 &&
    ((CLASS[buf[at + 2] as number] as number) & HEX) !== 0
  );
}

// The next '%' at or after `from` that starts an escape. A run is looked at from its first escape
// (it reaches as far back from there as from any byte of it): in C and shell, most '%' are
// format directives (`%s`, `%d`), and each one walked its whole run of URL characters.
function nextEscape(buf: Buffer, from: number): number {
  let i = buf.indexOf(PERCENT, from);
  while (i !== -1 && !isEscape(buf, i)) i = buf.indexOf(PERCENT, i + 1);
  return i;
}

function findPercent(buf: Buffer, out: EncodedRun[]): void {
  let i = nextEscape(buf, 0);
  while (i !== -1 && out.length < LOOK_FOR) {
    let start = i;
    while (start > 0 && ((CLASS[buf[start - 1] as number] as number) & URL_CHAR) !== 0) start--;
    let end = i;
    let escapes = 0;
    while (end < buf.length && ((CLASS[buf[end] as number] as number) & URL_CHAR) !== 0) {
      if (isEscape(buf, end)) escapes++;
      end++;
    }
    if (escapes >= MIN_PERCENT_ESCAPES) {
      const decoded = decodePercent(buf.toString('latin1', start, end));
      if (readsAsText(decoded)) out.push({ encoding: 'percent', start, end, decoded });
    }
    i = nextEscape(buf, Math.max(end, i + 1));
  }
}

/** Runs found in one blob; `capped` when it held more than {@link MAX_DECODED_RUNS}, the rest not decoded. */
export interface FoundRuns {
  runs: EncodedRun[];
  capped: boolean;
}

/**
 * The encoded runs of `buf` whose decoding reads as text (at most MAX_DECODED_RUNS), in offset
 * order per encoding; `classRuns` are base64ClassRuns(buf) when already found.
 */
export function findEncodedRunsCapped(buf: Buffer, classRuns?: ArrayLike<number>): FoundRuns {
  const out: EncodedRun[] = [];
  findBase64AndHex(buf, out, classRuns);
  if (out.length < LOOK_FOR && buf.includes(PERCENT)) findPercent(buf, out);
  const capped = out.length > MAX_DECODED_RUNS;
  if (capped) out.length = MAX_DECODED_RUNS;
  return { runs: out, capped };
}

/** The encoded runs of `buf` whose decoding reads as text, in offset order per encoding. */
export function findEncodedRuns(buf: Buffer): EncodedRun[] {
  return findEncodedRunsCapped(buf).runs;
}
