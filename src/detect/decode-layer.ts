// The decoding layer every source gets: after a blob is scanned as it is, its encoded runs
// (base64, hex, percent; src/detect/encoded-runs.ts) are decoded and scanned again, and so on to
// a bounded depth (default 2: a base64 value holding a hex one). A match found that way is placed
// at the encoded run in the blob (its line and column) and says how it was decoded; where the
// rules matched the encoded text itself (a Kubernetes Secret's data value, a generic assignment)
// and the decoding says what it is (a private key), the decoded finding replaces the vaguer one.
import type { Match } from '../types.js';
import { base64ClassRuns, type EncodedRun, findEncodedRunsCapped, MIN_BASE64_RUN } from './encoded-runs.js';
import { LineCursor } from './line-index.js';
import { type BlobScan, type CompiledRules, readText, scanBlob, scanText } from './matcher.js';
import { tokensWithin } from './token-run.js';

/** How many layers of encoding are undone by default. */
export const DEFAULT_DECODE_DEPTH = 2;

/** A blob's scan through decoding: `decodeCapped` when some layer held more runs than are decoded. */
export interface DecodedBlobScan extends BlobScan {
  decodeCapped?: true;
}

/** A match inside decoded bytes, with the outermost run it came from and the encodings undone. */
interface DecodedMatch {
  match: Match;
  run: EncodedRun;
  via: string[];
}

// Index of the run whose decoded bytes start at or before `offset` in the joined buffer.
function runAt(offsets: readonly number[], offset: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const SEPARATOR = Buffer.from('\n\n');

// Every decoded run of `buf` is scanned in one call (joined, a blank line between runs), which
// costs one pass of the prefilter instead of one per run; a match across two runs is dropped.
// `classRuns`: the base64 class runs of `buf`, when already found.
function decodeLayers(
  compiled: CompiledRules,
  buf: Buffer,
  blobId: string,
  depth: number,
  via: readonly string[],
  state: { capped: boolean },
  classRuns?: ArrayLike<number>,
): DecodedMatch[] {
  const { runs, capped } = findEncodedRunsCapped(buf, classRuns);
  if (capped) state.capped = true;
  if (runs.length === 0) return [];
  const offsets: number[] = [];
  const parts: Buffer[] = [];
  let at = 0;
  for (const run of runs) {
    offsets.push(at);
    parts.push(run.decoded, SEPARATOR);
    at += run.decoded.length + SEPARATOR.length;
  }
  const joined = Buffer.concat(parts);
  const out: DecodedMatch[] = [];
  const inRun = (start: number, end: number) => {
    const k = runAt(offsets, start);
    const run = runs[k] as EncodedRun;
    return end <= (offsets[k] as number) + run.decoded.length ? run : null;
  };
  const scan = scanBlob(compiled, joined, blobId);
  if (scan.binary) return out;
  for (const match of scan.matches) {
    const run = inRun(match.start, match.end);
    if (run) out.push({ match, run, via: [...via, run.encoding] });
  }
  if (depth > 1) {
    for (const deeper of decodeLayers(compiled, joined, blobId, depth - 1, [], state)) {
      const run = inRun(deeper.run.start, deeper.run.end);
      if (run) out.push({ match: deeper.match, run, via: [...via, run.encoding, ...deeper.via] });
    }
  }
  return out;
}

/**
 * Scans a blob as it is and through `depth` layers of decoding. Matches from decoded content
 * carry `decoded` (e.g. `base64`, `base64 > hex`) and the encoded run's offsets and line.
 */
export function scanBlobDecoded(compiled: CompiledRules, data: Uint8Array, blobId: string, depth: number): DecodedBlobScan {
  if (depth <= 0) return scanBlob(compiled, data, blobId);
  const buf = readText(data);
  // Binary, or a tags file, skipped whole (it repeats the code's own lines): decoding it would undo that.
  if (!Buffer.isBuffer(buf)) return buf;
  // One search for long base64 runs serves the decoding and the matcher's fixed-length words
  // (a bare AWS secret key), which it would otherwise look for over the whole blob again.
  const classRuns = base64ClassRuns(buf);
  const base = scanText(compiled, buf, blobId, tokensWithin(buf, classRuns, MIN_BASE64_RUN));
  const state = { capped: false };
  const found = decodeLayers(compiled, buf, blobId, depth, [], state, classRuns);
  // The "not code" mark is kept so the summary still counts the file by what it is.
  const tail = { ...(state.capped ? { decodeCapped: true as const } : {}), ...(base.notCode ? { notCode: base.notCode } : {}) };
  if (found.length === 0) return { ...base, ...tail };
  const cursor = new LineCursor(buf);
  const decoded: Match[] = [];
  // A secret already found in clear (a token in a URL whose query is percent-encoded elsewhere)
  // stays the clear finding; decoding only adds what was hidden.
  const clear = new Set(base.matches.map((m) => m.secret));
  const seen = new Set<string>();
  const hiding: EncodedRun[] = [];
  // Runs in offset order, so the cursor only moves forward.
  found.sort((a, b) => a.run.start - b.run.start);
  for (const { match, run, via } of found) {
    const key = `${match.ruleId}\0${run.start}\0${match.secret}`;
    if (seen.has(key) || clear.has(match.secret)) continue;
    seen.add(key);
    hiding.push(run);
    const pos = cursor.locate(run.start);
    decoded.push({ ...match, start: run.start, end: run.end, line: pos.line, column: pos.column, decoded: via.join(' > ') });
  }
  // A clear match of the encoded text itself (the manifest rule on a Secret's value) yields to
  // what its decoding turned out to be; one whose secret survives decoding was in clear.
  const kept = base.matches.filter((m) => !hiding.some((r) => m.start >= r.start && m.end <= r.end && !r.decoded.includes(m.secret)));
  const matches = [...kept, ...decoded].sort((a, b) => a.start - b.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return { matches, suppressed: base.suppressed, binary: false, ...tail };
}
