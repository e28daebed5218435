// The context line shown next to a finding. Only a window of bytes around the secret is ever
// decoded, so a match on a 50 MB minified line costs a few hundred bytes here, not 50 MB.

/** Longest snippet, in UTF-16 code units (what a report prints). */
export const SNIPPET_MAX = 200;

// 4 bytes per character at most, so this many bytes on each side always covers the budget.
const WINDOW_BYTES = SNIPPET_MAX * 4;

/**
 * The line `[lineStart, lineEnd)` cut to at most {@link SNIPPET_MAX} characters, centred on the
 * secret `[start, end)` (which may run past the line, e.g. a PEM block). Trailing `\r` and
 * surrounding whitespace are trimmed; invalid UTF-8 shows as U+FFFD.
 */
export function extractSnippet(buf: Buffer, lineStart: number, lineEnd: number, start: number, end: number): string {
  const secretEnd = Math.min(end, lineEnd);
  const beforeFrom = Math.max(lineStart, start - WINDOW_BYTES);
  const afterTo = Math.min(lineEnd, secretEnd + WINDOW_BYTES);
  let before = buf.toString('utf8', beforeFrom, start);
  let secret = buf.toString('utf8', start, Math.min(secretEnd, start + WINDOW_BYTES));
  let after = buf.toString('utf8', secretEnd, afterTo);
  // A window cut mid-character decodes to U+FFFD at the cut; those edge characters are dropped.
  if (beforeFrom > lineStart) before = before.slice(1);
  if (afterTo < lineEnd) after = after.slice(0, -1);
  before = before.trimStart();
  after = after.trimEnd();
  if (secret.length >= SNIPPET_MAX) return secret.slice(0, SNIPPET_MAX);
  let room = SNIPPET_MAX - secret.length;
  // Share the room evenly, giving one side's unused share to the other.
  const half = Math.floor(room / 2);
  const takeBefore = Math.min(before.length, Math.max(half, room - after.length));
  room -= takeBefore;
  const takeAfter = Math.min(after.length, room);
  before = takeBefore === 0 ? '' : before.slice(before.length - takeBefore);
  after = after.slice(0, takeAfter);
  secret = secret.replace(/\r$/, '');
  return (before + secret + after).trim();
}
