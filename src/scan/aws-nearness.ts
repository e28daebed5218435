// Which AWS key ids sit near each other match of a blob, judged where the blob's bytes still are
// (the job runner), so that pairing (aws-pairing.ts) can tell a secret written beside its key id
// (same block, same JSON object, same credentials profile, same call) from one that merely
// shares a file with another key's id.
//
// Near: at most NEAR_LINES lines apart, and the text between does not leave one structure for
// the next: no INI section header (`[profile dev]`), and no closing bracket or XML end tag
// followed by an opening one at the same level (`} {`, `</cred><cred>`). The value's own
// wrapper (`<secretKey>{...}</secretKey>`, quotes) does not count. CloudFormation's Outputs
// list keeps each output in its own object, so sibling objects joined by `OutputKey` are near.
import type { Match } from '../types.js';

/** Rule id of AWS key ids (detectors/aws.yaml). */
export const AWS_KEY_ID_RULE = 'aws.access-key-id';

const NEAR_LINES = 12;
/** Beyond this many bytes between two matches they are not near, whatever the lines say. */
const NEAR_BYTES = 4096;

const INI_HEADER = /(?:^|\n)[ \t]*\[[^\]\n]+\][ \t]*(?:\r?\n|$)/;
// The first value's closing wrapper and the second value's opening one.
const LEADING_WRAPPER = /^["'`}\\]*(?:<\/[\w.:-]+>)?/;
const TRAILING_WRAPPER = /(?:<[\w.:-]+>)?["'`{\\]*$/;
const TOKEN = /<\/[\w.:-]+\s*>|<[\w.:-]+(?:\s[^<>]*)?\/>|<[\w.:-]+(?:\s[^<>]*)?>|[{}()[\]]/g;

/** Whether the text between two matches keeps them in one structure. */
export function sameStructure(between: string): boolean {
  if (INI_HEADER.test(between)) return false;
  const inner = between.replace(LEADING_WRAPPER, '').replace(TRAILING_WRAPPER, '');
  const cfnOutputs = inner.includes('OutputKey');
  let depth = 0;
  let left = false;
  for (const m of inner.matchAll(TOKEN)) {
    const t = m[0];
    if (t.endsWith('/>')) continue;
    const closes = t === '}' || t === ')' || t === ']' || t.startsWith('</');
    if (closes) {
      depth--;
      if (depth < 0) left = true;
    } else {
      // Entering a sibling after leaving the structure the first match was in.
      if (left && depth <= 0 && !cfnOutputs) return false;
      depth++;
    }
  }
  return true;
}

/** Whether matches `a` and `b` of `data` are near (see the file comment). */
export function areNear(data: Uint8Array, a: Match, b: Match): boolean {
  if (Math.abs(a.line - b.line) > NEAR_LINES) return false;
  const [first, second] = a.start <= b.start ? [a, b] : [b, a];
  if (second.start < first.end) return true;
  if (second.start - first.end > NEAR_BYTES) return false;
  return sameStructure(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1', first.end, second.start));
}

/** Whether a hard boundary (a section header) separates `a` and `b`: another profile, another file section. */
function apart(data: Uint8Array, a: Match, b: Match): boolean {
  const [first, second] = a.start <= b.start ? [a, b] : [b, a];
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // Bounded: a section header is looked for only in the first and last stretch between them.
  const from = first.end;
  const to = second.start;
  if (to - from <= 2 * NEAR_BYTES) return INI_HEADER.test(buf.toString('latin1', from, to));
  return INI_HEADER.test(buf.toString('latin1', from, from + NEAR_BYTES)) || INI_HEADER.test(buf.toString('latin1', to - NEAR_BYTES, to));
}

/**
 * Marks, on every match of a blob that holds an AWS key id, the key ids near it
 * (`nearKeyIds`) and those a section header separates from it (`apartKeyIds`). A blob with
 * no key id is left alone; the work is bounded by NEAR_BYTES per (id, match) pair.
 */
export function markNearKeyIds(matches: Match[], data: Uint8Array): void {
  const ids = matches.filter((m) => m.ruleId === AWS_KEY_ID_RULE);
  if (ids.length === 0) return;
  for (const m of matches) {
    if (m.ruleId === AWS_KEY_ID_RULE) continue;
    const near = new Set<string>();
    const far = new Set<string>();
    for (const id of ids) {
      if (areNear(data, m, id)) near.add(id.secret);
      else if (apart(data, m, id)) far.add(id.secret);
    }
    if (near.size > 0) m.nearKeyIds = [...near];
    for (const id of near) far.delete(id);
    if (far.size > 0) m.apartKeyIds = [...far];
  }
}
