// A cheaper stand-in for a pattern where only "can it match anywhere?" is asked (the prefilter's
// pattern sets): counted repetitions are capped, `x{24}` becoming `x{16,}` and `x{20,1000}`
// becoming `x{16,}`. Every text the pattern matches, the loosened one matches too (the same
// repetitions fit), so a rule is never wrongly skipped; it may run where it finds nothing.
// Why: RE2 expands `x{20,1000}` into a thousand instructions, so sets holding the JWT and
// connection-string rules took 3-8 ms each to compile, and a scan compiles one per distinct
// selection in every worker.

/** Repetition counts above this are capped. */
export const COUNT_CAP = 16;

const QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;

// Length of the character class starting at `at` (`[`...`]`), honouring escapes, a leading `]`
// or `^]`, and POSIX names like `[:alpha:]`.
function classLength(pattern: string, at: number): number {
  let i = at + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length && pattern[i] !== ']') {
    if (pattern[i] === '\\') i += 2;
    else if (pattern.startsWith('[:', i)) {
      const end = pattern.indexOf(':]', i + 2);
      i = end === -1 ? i + 1 : end + 2;
    } else i++;
  }
  return i + 1 - at;
}

// Length of the escape starting at `at`: `\x{...}`, `\p{...}`, `\P{...}` and `\Q...\E` run past
// the next character.
function escapeLength(pattern: string, at: number): number {
  const next = pattern[at + 1];
  if ((next === 'x' || next === 'p' || next === 'P') && pattern[at + 2] === '{') {
    const end = pattern.indexOf('}', at + 3);
    return end === -1 ? 2 : end + 1 - at;
  }
  if (next === 'Q') {
    const end = pattern.indexOf('\\E', at + 2);
    return end === -1 ? pattern.length - at : end + 2 - at;
  }
  return 2;
}

/** `pattern` with every counted repetition above {@link COUNT_CAP} capped (see the file comment). */
export function loosenCounts(pattern: string, cap = COUNT_CAP): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    let len = 1;
    if (c === '\\') len = escapeLength(pattern, i);
    else if (c === '[') len = classLength(pattern, i);
    else if (c === '{') {
      const m = QUANTIFIER.exec(pattern.slice(i));
      if (m) {
        len = m[0].length;
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        out += min > cap || max > cap ? `{${Math.min(min, cap)},}` : m[0];
        i += len;
        continue;
      }
    }
    out += pattern.slice(i, i + len);
    i += len;
  }
  return out;
}
