// A vendor name the rule's pattern wants at the start of a word is asked for there by the keyword
// pass too; anything looser or stricter than the pattern would select rules for nothing or stop
// finding secrets.
import { describe, expect, it } from 'vitest';
import { compilePrefilter } from '../../src/detect/prefilter.js';
import { compileByteRegex, compileByteRegexSet } from '../../src/detect/re2.js';
import { loadBuiltinRules } from '../../src/detect/rule-load.js';
import { keywordEntries } from '../../src/detect/word-start-keywords.js';
import { recallCorpus } from './recall-corpus.js';

const VALUE = '[ \\t]*[=:][ \\t]*["\\x27]?([0-9a-z]{32})';
const vendor = (names: string, keywords: string[], rest = `[\\w.-]{0,32}?(?:key|token)${VALUE}`) => ({
  keywords,
  pattern: `(?i)(?:^|[^a-z0-9])(?:${names})${rest}`,
});

describe('keywordEntries', () => {
  it('asks for a name at the start of a word when the pattern does and the keywords hold every name', () => {
    expect(keywordEntries(vendor('acme|acme\\.io', ['Acme', 'acme.io', 'acme_key']))).toEqual([
      '(?:^|[^a-z0-9])acme',
      '(?:^|[^a-z0-9])acme\\.io',
      'acme_key',
    ]);
  });

  it('keeps plain literals when a name is not a keyword, the names are optional, or the pattern has another branch', () => {
    expect(keywordEntries(vendor('acme|acmecorp', ['acme']))).toEqual(['acme']);
    expect(keywordEntries({ keywords: ['acme'], pattern: `(?i)(?:^|[^a-z0-9])(?:acme)?token${VALUE}` })).toEqual(['acme']);
    expect(keywordEntries(vendor('acme', ['acme'], `_key${VALUE}|acme_[0-9a-f]{32}`))).toEqual(['acme']);
    expect(keywordEntries({ keywords: ['acme'], pattern: `(?:^|[^a-z0-9])(?:acme)_key${VALUE}` })).toEqual(['acme']);
    expect(keywordEntries({ keywords: ['ghp_'], pattern: '\\b(ghp_[A-Za-z0-9]{36})\\b' })).toEqual(['ghp_']);
  });

  it('still sees a branch inside a class or after an escaped bracket as no top-level branch', () => {
    expect(keywordEntries(vendor('acme', ['acme'], `[|\\]]?_key${VALUE}`))).toEqual(['(?:^|[^a-z0-9])acme']);
    expect(keywordEntries(vendor('acme', ['acme'], `\\(_key${VALUE}|x`))).toEqual(['acme']);
  });
});

describe('the prefilter with word-start names', () => {
  const prefilter = compilePrefilter([vendor('atera', ['atera']), { keywords: ['atera'], pattern: 'atera[0-9]+' }]);
  const select = (text: string) => prefilter.selectRules(Buffer.from(text, 'utf8'));

  it('does not select a vendor rule for its name inside an ordinary word', () => {
    const alone = compilePrefilter([vendor('atera', ['atera'])]);
    const code = 'o = createRawStringObject(ptr, len); key = 0123456789abcdef0123456789abcdef';
    expect(alone.selectRules(Buffer.from(code, 'utf8'))).toEqual([]);
    // The same literal keyword on a rule that does not ask for a word start still selects it.
    expect(select(code)).toEqual([1]);
    expect(select('unilaterally atera123')).toEqual([1]);
  });

  it('selects it for a real assignment, at the start of the text or after any non-alphanumeric byte', () => {
    expect(select('ATERA_API_KEY=h2l2eodseqn85wvjuugs7hnetfk1z5gx')).toEqual([0]);
    expect(select('config:\n  atera_token: "52g7wr8s941qpdaaq298u3ijdufda96i"')).toEqual([0]);
    expect(select('export MY_ATERA_KEY=h2l2eodseqn85wvjuugs7hnetfk1z5gx')).toEqual([0]);
  });
});

describe('the built-in catalog with word-start names', () => {
  const content = loadBuiltinRules().filter((r) => r.filename === undefined);
  const anchored = content.filter((r) => keywordEntries(r).some((e, i) => e !== keywordEntries({ ...r, pattern: '' })[i]));
  const corpus = recallCorpus();

  it('covers the vendor-name rules', () => {
    expect(anchored.length).toBeGreaterThan(400);
    expect(anchored.map((r) => r.id)).toEqual(expect.arrayContaining(['atera.api-key', 'clearbit.api-key', 'loadmill.api-key']));
  });

  it('asks the keyword pass for a word-start name wherever the pattern matches (examples and recall corpus)', () => {
    for (const rule of anchored) {
      const pattern = compileByteRegex(rule.pattern);
      const entries = compileByteRegexSet(keywordEntries(rule), true);
      const texts = [...rule.examples.map((e) => Buffer.from(e, 'utf8')), ...corpus];
      for (const text of texts) {
        if (pattern.test(text)) expect(entries.matching(text).length, `${rule.id} on ${text.toString('utf8', 0, 120)}`).toBeGreaterThan(0);
      }
    }
  });

  it('selects every rule on each of its examples, with the whole catalog in one prefilter', () => {
    const prefilter = compilePrefilter(content);
    const missed = content.flatMap((rule, idx) =>
      rule.examples.filter((e) => !prefilter.selectRules(Buffer.from(e, 'utf8')).includes(idx)).map((e) => `${rule.id}: ${e}`),
    );
    expect(missed).toEqual([]);
  });
});
