import { describe, expect, it } from 'vitest';
import { base64ClassRuns } from '../../src/detect/encoded-runs.js';
import { findTokensOfLength, hasTokenOfLength, tokensByRuns, tokensOf, tokensWithin } from '../../src/detect/token-run.js';

const has = (text: string, n: number) => hasTokenOfLength(Buffer.from(text, 'utf8'), n);

// The reference: every maximal run of word characters, by regex.
function reference(text: string, n: number): boolean {
  return (text.match(/[A-Za-z0-9+/]+/g) ?? []).some((run) => run.length === n);
}

// Replayable random text: runs of `word` characters, broken one time in `breakOneIn` by a
// character of `breaks` (which may itself be a word character).
function* randomTexts(o: { seed: number; count: number; maxLength: number; breakOneIn: number; breaks: string; word: string }) {
  let seed = o.seed;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let round = 0; round < o.count; round++) {
    const len = rand() % o.maxLength;
    let text = '';
    for (let i = 0; i < len; i++) text += rand() % o.breakOneIn === 0 ? o.breaks[rand() % o.breaks.length] : o.word[rand() % o.word.length];
    yield text;
  }
}

describe('hasTokenOfLength', () => {
  it('finds a word of exactly n characters anywhere, alone or between other characters', () => {
    expect(has('abcd', 4)).toBe(true);
    expect(has('x = "abcd";', 4)).toBe(true);
    expect(has('ab/+9Z', 6)).toBe(true);
    expect(has('one two three abcd', 4)).toBe(true);
  });

  it('ignores longer and shorter words', () => {
    expect(has('abcde', 4)).toBe(false);
    expect(has('abc', 4)).toBe(false);
    expect(has('', 4)).toBe(false);
    expect(has('abcdefgh-abcdefghi', 4)).toBe(false);
  });

  it('treats non-ASCII bytes, "=", "_", "." and "-" as word breaks', () => {
    expect(has('ééabcdéé', 4)).toBe(true);
    expect(has('abcd==', 4)).toBe(true);
    expect(has('abcd_efgh', 4)).toBe(true);
  });

  it('lists the offset of every such word', () => {
    expect(findTokensOfLength(Buffer.from('abcd efghi jklm abcd_', 'utf8'), 4)).toEqual([0, 11, 16]);
    expect(findTokensOfLength(Buffer.from('abcd efgh', 'utf8'), 4, 1)).toEqual([0]);
  });

  it('agrees with a regex reference on random text', () => {
    for (const text of randomTexts({ seed: 7, count: 2000, maxLength: 120, breakOneIn: 4, breaks: 'aZ09+/ _.=-\n', word: 'Ab1' })) {
      for (const n of [1, 3, 8, 40]) expect(has(text, n), `${JSON.stringify(text)} n=${n}`).toBe(reference(text, n));
    }
  });
});

describe('tokensWithin', () => {
  it('finds, inside the long base64 runs, exactly the words a whole-blob search finds', () => {
    for (const text of randomTexts({ seed: 11, count: 1500, maxLength: 400, breakOneIn: 12, breaks: 'aZ09+/ _.=-\né', word: 'Ab1/' })) {
      const buf = Buffer.from(text, 'utf8');
      const within = tokensWithin(buf, base64ClassRuns(buf), 24);
      const whole = tokensOf(buf);
      for (const n of [8, 24, 25, 40, 64]) {
        expect(within.find(n), `${JSON.stringify(text)} n=${n}`).toEqual(whole.find(n));
        expect(within.has(n)).toBe(whole.has(n));
      }
    }
  });

  it('finds a word that fills a run cut by "_" or "-", and one at the very end', () => {
    const secret = 'Ab1/'.repeat(10);
    for (const text of [`x_${secret}_y`, `${'q'.repeat(30)}-${secret}`, `${secret}`, `k=${secret}`]) {
      const buf = Buffer.from(text);
      expect(tokensWithin(buf, base64ClassRuns(buf), 24).find(40)).toEqual(findTokensOfLength(buf, 40));
    }
  });
});

describe('tokensByRuns', () => {
  it('finds the words a whole-blob search finds, long and short, across class-run segments', () => {
    const texts = randomTexts({ seed: 13, count: 800, maxLength: 300, breakOneIn: 10, breaks: 'aZ09+/ _.=-\né', word: 'Ab1/' });
    const long = `${'x'.repeat(70000)} ${'Ab1/'.repeat(10)} ${'q'.repeat(65530)}-${'Zz9+'.repeat(10)}`;
    for (const text of [...texts, long, '']) {
      const buf = Buffer.from(text, 'utf8');
      const byRuns = tokensByRuns(buf);
      const whole = tokensOf(buf);
      for (const n of [8, 24, 40, 64]) {
        expect(byRuns.find(n), `${JSON.stringify(text.slice(0, 80))} n=${n}`).toEqual(whole.find(n));
        expect(byRuns.has(n)).toBe(whole.has(n));
      }
    }
  });
});
