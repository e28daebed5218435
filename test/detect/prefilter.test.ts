import { describe, expect, it } from 'vitest';
import { compilePrefilter } from '../../src/detect/prefilter.js';

describe('compilePrefilter', () => {
  const prefilter = compilePrefilter([['AKIA', 'ASIA'], ['ghp_'], [], ['akia', 'token']]);
  const select = (text: string) => prefilter.selectRules(Buffer.from(text, 'utf8'));

  it('selects rules whose keywords occur, case-insensitively, plus keyword-less rules', () => {
    expect(select('nothing')).toEqual([2]);
    expect(select('x = akia...')).toEqual([0, 2, 3]);
    expect(select('GHP_ and Token')).toEqual([1, 2, 3]);
  });

  it('treats keywords literally', () => {
    const literal = compilePrefilter([['a.b'], ['(x)']]);
    expect(literal.selectRules(Buffer.from('axb'))).toEqual([]);
    expect(literal.selectRules(Buffer.from('a.b (x)'))).toEqual([0, 1]);
  });
});
