// Does a blob hold a whole word of exactly N base64 characters (letters, digits, '+', '/')?
// The gate of rules whose secret has no fixed text around it (a bare AWS secret key). An RE2 pass
// for `[A-Za-z0-9+/]{40}` costs as much as the whole keyword pass; this search looks at the last
// byte of each 40-byte window first and skips the window when that byte cannot be in a word,
// so ordinary text costs a fraction of a byte read per byte.

const WORD = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') WORD[c.charCodeAt(0)] = 1;

/** Offsets of the maximal runs of exactly `n` characters of [A-Za-z0-9+/] in `buf`, at most `max`. */
export function findTokensOfLength(buf: Uint8Array, n: number, max = Number.POSITIVE_INFINITY): number[] {
  const found: number[] = [];
  const length = buf.length;
  // Invariant: `start` is 0 or follows a byte outside the word class.
  let start = 0;
  while (start + n <= length && found.length < max) {
    const last = start + n - 1;
    if (!WORD[buf[last] as number]) {
      start = last + 1;
      continue;
    }
    let back = last - 1;
    while (back >= start && WORD[buf[back] as number]) back--;
    if (back >= start) {
      start = back + 1;
      continue;
    }
    let end = last + 1;
    while (end < length && WORD[buf[end] as number]) end++;
    if (end === last + 1) found.push(start);
    start = end + 1;
  }
  return found;
}

/** True when `buf` holds a maximal run of exactly `n` characters of [A-Za-z0-9+/]. */
export function hasTokenOfLength(buf: Uint8Array, n: number): boolean {
  return findTokensOfLength(buf, n, 1).length > 0;
}
