import { describe, expect, it } from 'vitest';
import { compilePrefilter } from '../../src/detect/prefilter.js';

describe('compilePrefilter', () => {
  const rule = (keywords: string[], pattern = '.') => ({ keywords, pattern });
  const prefilter = compilePrefilter([rule(['AKIA', 'ASIA']), rule(['ghp_']), rule([]), rule(['akia', 'token'])]);
  const select = (text: string) => prefilter.selectRules(Buffer.from(text, 'utf8'));

  it('selects rules whose keywords occur, case-insensitively, plus keyword-less rules whose pattern occurs', () => {
    expect(select('nothing')).toEqual([2]);
    expect(select('x = akia...')).toEqual([0, 2, 3]);
    expect(select('GHP_ and Token')).toEqual([1, 2, 3]);
    expect(select('')).toEqual([]);
  });

  it('gates a keyword-less rule by its own pattern in the keyword pass', () => {
    const bare = compilePrefilter([rule([], '[A-Z]{4}[0-9]{4}'), rule(['ghp_'])]);
    expect(bare.selectRules(Buffer.from('plain text only'))).toEqual([]);
    expect(bare.selectRules(Buffer.from('id ABCD1234 here'))).toEqual([0]);
    // Selected case-insensitively by the first pass, then dropped by the exact pattern pass.
    expect(bare.selectRules(Buffer.from('abcd1234 ghp_'))).toEqual([1]);
    expect(bare.selectRules(Buffer.from('ABCD1234 ghp_'))).toEqual([0, 1]);
  });

  it('runs a gated rule only where its gate matches, and a tokenLength rule only beside such a word', () => {
    const gated = compilePrefilter([
      { keywords: [], gate: '://[^\\s/@:]*:[^\\s:@/]+@', pattern: '://\\w+:(\\w+)@' },
      { keywords: [], tokenLength: 8, pattern: '\\b[A-Za-z0-9]{8}\\b' },
      rule(['token'], 'token=\\w+'),
    ]);
    const pick = (text: string) => gated.selectRules(Buffer.from(text, 'utf8'));
    expect(pick('see https://example.com/ and one two three')).toEqual([]);
    expect(pick('git clone https://me:pw@host/x')).toEqual([0]);
    expect(pick('word Abcd1234 word')).toEqual([1]);
    expect(pick('word Abcd12345 word')).toEqual([]);
    // The tokenLength rule stays out of the pattern set (its gate is exact) but stays selected.
    expect(pick('token=x Abcd1234 https://a:b@c')).toEqual([0, 1, 2]);
    expect(pick('token Abcd1234 https://a:b@c')).toEqual([0, 1]);
  });

  it('runs a rule with keywords and a gate only where both occur', () => {
    const both = compilePrefilter([
      { keywords: ['sanity'], gate: 'sk[a-z0-9]{8}', pattern: 'sk[A-Za-z0-9]{8}' },
      { keywords: [], gate: 'sk[a-z0-9]{8}', pattern: 'sk[0-9]{8}' },
    ]);
    const pick = (text: string) => both.selectRules(Buffer.from(text, 'utf8'));
    expect(pick('a sanity check')).toEqual([]);
    expect(pick('sanity: skAbcd1234')).toEqual([0]);
    // Only the keyword-less rule, on its gate; the pattern pass then drops it.
    expect(pick('skAbcd1234 alone')).toEqual([1]);
    expect(pick('sanity skAbcd1234 sk12345678')).toEqual([0, 1]);
    expect(pick('sanity sk1234567')).toEqual([]);
  });

  it('treats keywords literally', () => {
    const literal = compilePrefilter([rule(['a.b']), rule(['(x)'])]);
    expect(literal.selectRules(Buffer.from('axb'))).toEqual([]);
    expect(literal.selectRules(Buffer.from('a.b (x)'))).toEqual([0, 1]);
  });

  it('drops keyword-selected rules whose pattern matches nowhere in the blob', () => {
    const two = compilePrefilter([rule(['key'], 'key=[0-9]+'), rule(['key'], 'key:[a-z]+'), rule(['key'], '(?i)KEY')]);
    expect(two.selectRules(Buffer.from('key=12'))).toEqual([0, 2]);
    expect(two.selectRules(Buffer.from('key: no digits, key:abc'))).toEqual([1, 2]);
  });
});
