import { describe, expect, it } from 'vitest';
import { checkRules } from '../../src/detect/rule-check.js';
import { makeRule } from './make-rule.js';

const good = makeRule({
  id: 'acme.token',
  keywords: ['acme_'],
  pattern: '\\b(acme_[0-9a-f]{8})\\b',
  secretGroup: 1,
  examples: ['token = acme_0123abcd', 'ACME=acme_9f8e7d6c'],
  negativeExamples: ['acme_0123'],
});

const messages = (rules: Parameters<typeof checkRules>[0]) => checkRules(rules).map((p) => `${p.ruleId}: ${p.message}`);

describe('checkRules', () => {
  it('accepts a sound rule', () => {
    expect(checkRules([good])).toEqual([]);
  });

  it('fails an example the keyword prefilter hides, even though the pattern matches', () => {
    const wrongKeyword = { ...good, keywords: ['acme-'] };
    const [problem] = checkRules([wrongKeyword]);
    expect(problem).toMatchObject({ ruleId: 'acme.token', example: 'token = acme_0123abcd' });
    expect(problem?.message).toMatch(/not found/);
  });

  it('fails a negative example that matches', () => {
    const [problem] = checkRules([{ ...good, negativeExamples: ['acme_ffffffff'] }]);
    expect(problem?.message).toMatch(/negative example matches/);
    expect(problem?.example).toBe('acme_ffffffff');
  });

  it('fails an example its validator rejects', () => {
    const rule = makeRule({
      id: 'acme.gh',
      keywords: ['ghp_'],
      pattern: 'ghp_[A-Za-z0-9]{36}',
      validate: 'github-token-crc32',
      examples: ['ghp_Zq7Lm2Xp9Tv4Wk8sBn3HdJf6Gy0RcE1aQ5Ut'],
    });
    expect(messages([rule])).toContain('acme.gh: example fails validator "github-token-crc32"');
  });

  it('requires at least two examples and one negative example', () => {
    expect(messages([{ ...good, examples: [] }])).toEqual(['acme.token: rule needs at least 2 examples (has 0)']);
    expect(messages([{ ...good, examples: ['token = acme_0123abcd'], negativeExamples: [] }])).toEqual([
      'acme.token: rule needs at least 2 examples (has 1)',
      'acme.token: rule needs at least 1 negative example (has 0)',
    ]);
  });

  it('reports structural problems without stopping at the first rule', () => {
    const problems = messages([
      { ...good, id: 'Bad Id' },
      { ...good, id: 'acme.re2', pattern: '(?=x)' },
      { ...good, id: 'acme.group', secretGroup: 3 },
      { ...good, id: 'acme.validator', validate: 'nope' },
      { ...good, id: 'acme.allow', allow: ['('] },
      good,
      good,
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^Bad Id: id must match/),
      expect.stringMatching(/^acme\.re2: pattern does not compile under RE2/),
      'acme.group: secretGroup 3 but the pattern has 1 group(s)',
      'acme.validator: unknown validator "nope"',
      expect.stringMatching(/^acme\.allow: allow pattern does not compile/),
      'acme.token: duplicate rule id',
    ]);
  });

  it('checks examples with the other rules compiled alongside', () => {
    // Another rule matching the same text does not hide this rule's own match.
    const overlap = makeRule({
      id: 'acme.any',
      pattern: 'acme_[0-9a-f]+',
      examples: ['acme_0123abcd', 'x acme_42 y'],
      negativeExamples: ['nothing'],
    });
    expect(checkRules([good, overlap])).toEqual([]);
  });
});
