// Does a blob hold a whole word of exactly N base64 characters (letters, digits, '+', '/')?
// The gate of rules whose secret has no fixed text around it (a bare AWS secret key). An RE2 pass
// for `[A-Za-z0-9+/]{40}` costs as much as the whole keyword pass; this search looks at the last
// byte of each 40-byte window first and skips the window when that byte cannot be in a word,
// so ordinary text costs a fraction of a byte read per byte.

import { base64ClassRuns, MIN_BASE64_RUN } from './encoded-runs.js';

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

/**
 * Where a blob's words of a given length are: inside its long runs of base64 characters
 * (`tokensWithin`), which the decoding layer finds anyway and `tokensByRuns` finds otherwise, or,
 * as the reference the tests hold those to, by a search of the whole blob (`tokensOf`).
 */
export interface TokenWords {
  has(n: number): boolean;
  find(n: number): number[];
}

/** Words found by searching all of `buf`. */
export function tokensOf(buf: Uint8Array): TokenWords {
  return { has: (n) => hasTokenOfLength(buf, n), find: (n) => findTokensOfLength(buf, n) };
}

/**
 * The same words as {@link tokensOf}, inside the runs the decoding layer decodes
 * (base64ClassRuns, a SIMD search), found on first use, for text scanned without that layer: the
 * whole-blob search, once per blob for the bare AWS secret key's 40-character words, cost some 4
 * CPU-s of a 55 CPU-s scan of redis's history.
 */
export function tokensByRuns(buf: Buffer): TokenWords {
  let within: TokenWords | undefined;
  const words = () => {
    within ??= tokensWithin(buf, base64ClassRuns(buf), MIN_BASE64_RUN);
    return within;
  };
  return { has: (n) => words().has(n), find: (n) => words().find(n) };
}

/**
 * Words found inside `runs` only: (start, stop, flags) triples, in order, of the maximal runs of
 * [A-Za-z0-9+/_-] in `buf` at least `shortest` long (class-runs.ts). A word of n >= shortest characters of the
 * narrower [A-Za-z0-9+/] lies inside such a run, whose ends (a byte outside the wider class, or
 * the blob's ends) end it too, so searching each run alone finds exactly the whole-blob words.
 */
export function tokensWithin(buf: Uint8Array, runs: ArrayLike<number>, shortest: number): TokenWords {
  const search = (n: number, max: number) => {
    if (n < shortest) return findTokensOfLength(buf, n, max);
    const found: number[] = [];
    for (let k = 0; k < runs.length && found.length < max; k += 3) {
      const start = runs[k] as number;
      const stop = runs[k + 1] as number;
      if (stop - start < n) continue;
      for (const at of findTokensOfLength(buf.subarray(start, stop), n, max - found.length)) found.push(start + at);
    }
    return found;
  };
  return { has: (n) => search(n, 1).length > 0, find: (n) => search(n, Number.POSITIVE_INFINITY) };
}
