// The decoding layer every source gets: after a blob is scanned as it is, its encoded runs
// (base64, hex, percent; src/detect/encoded-runs.ts) are decoded and scanned again, and so on to
// a bounded depth (default 2: a base64 value holding a hex one). A match found that way is placed
// at the encoded run in the blob (its line and column) and says how it was decoded; where the
// rules matched the encoded text itself (a Kubernetes Secret's data value, a generic assignment)
// and the decoding says what it is (a private key), the decoded finding replaces the vaguer one.
import type { Match } from '../types.js';
import { type EncodedRun, findEncodedRuns } from './encoded-runs.js';
import { LineCursor } from './line-index.js';
import { type BlobScan, type CompiledRules, scanBlob } from './matcher.js';
import { classifyText, decodeUtf16, viewAsBuffer } from './text-decode.js';

/** How many layers of encoding are undone by default. */
export const DEFAULT_DECODE_DEPTH = 2;

/** A match inside decoded bytes, with the outermost run it came from and the encodings undone. */
interface DecodedMatch {
  match: Match;
  run: EncodedRun;
  via: string[];
}

function decodeLayers(compiled: CompiledRules, buf: Buffer, blobId: string, depth: number, via: string[]): DecodedMatch[] {
  const out: DecodedMatch[] = [];
  for (const run of findEncodedRuns(buf)) {
    const chain = [...via, run.encoding];
    const inner = scanBlob(compiled, run.decoded, blobId);
    if (inner.binary) continue;
    for (const match of inner.matches) out.push({ match, run, via: chain });
    if (depth > 1) for (const deeper of decodeLayers(compiled, run.decoded, blobId, depth - 1, chain)) out.push({ ...deeper, run });
  }
  return out;
}

/**
 * Scans a blob as it is and through `depth` layers of decoding. Matches from decoded content
 * carry `decoded` (e.g. `base64`, `base64 > hex`) and the encoded run's offsets and line.
 */
export function scanBlobDecoded(compiled: CompiledRules, data: Uint8Array, blobId: string, depth: number): BlobScan {
  const base = scanBlob(compiled, data, blobId);
  if (base.binary || depth <= 0) return base;
  const kind = classifyText(data);
  const buf = kind === 'utf8' ? viewAsBuffer(data) : decodeUtf16(data, kind as 'utf16le' | 'utf16be');
  const found = decodeLayers(compiled, buf, blobId, depth, []);
  if (found.length === 0) return base;
  const cursor = new LineCursor(buf);
  const decoded: Match[] = [];
  const seen = new Set<string>();
  // Runs in offset order, so the cursor only moves forward.
  found.sort((a, b) => a.run.start - b.run.start);
  for (const { match, run, via } of found) {
    const key = `${match.ruleId}\0${run.start}\0${match.secret}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const pos = cursor.locate(run.start);
    decoded.push({ ...match, start: run.start, end: run.end, line: pos.line, column: pos.column, decoded: via.join(' > ') });
  }
  const runs = found.map((f) => f.run);
  const kept = base.matches.filter((m) => !runs.some((r) => m.start >= r.start && m.end <= r.end));
  const matches = [...kept, ...decoded].sort((a, b) => a.start - b.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return { matches, suppressed: base.suppressed, binary: false };
}
