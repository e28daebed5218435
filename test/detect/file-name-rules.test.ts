import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { anyKeyword, baseName, compileFileNameRules } from '../../src/detect/file-name-rules.js';
import { compileByteRegex, escapeLiteral } from '../../src/detect/re2.js';
import { makeRule } from './make-rule.js';

const p12 = makeRule({ id: 'file.pkcs12', pattern: '', filename: '(?i)\\.(?:p12|pfx)$', keywords: ['.p12', '.pfx'] });
const content = makeRule({ id: 'x.content', pattern: 'abc' });

describe('compileFileNameRules', () => {
  const names = compileFileNameRules([p12, content]);

  it('keeps only the rules that match by name', () => {
    expect(names.size).toBe(1);
    expect(compileFileNameRules([content]).size).toBe(0);
  });

  it('matches base names, case-insensitively where the rule says so, with the blob as the secret', () => {
    expect(names.match('Server.PFX', 'b1')).toMatchObject([
      { ruleId: 'file.pkcs12', blobId: 'b1', secret: 'b1', line: 0, column: 0, snippet: 'Server.PFX' },
    ]);
    expect(names.match('server.p12.md', 'b1')).toEqual([]);
  });

  it('answers from keywords whether raw bytes (a tree object) may name such a file', () => {
    expect(names.mayMatch(Buffer.from('100644 certs/server.P12\0xxxxxxxxxxxxxxxxxxxx'))).toBe(true);
    expect(names.mayMatch(Buffer.from('100644 README.md\0xxxxxxxxxxxxxxxxxxxx'))).toBe(false);
    expect(compileFileNameRules([]).mayMatch(Buffer.from('a.p12'))).toBe(false);
  });
});

describe('anyKeyword', () => {
  const builtIn = ['.p12', '.pfx', '.jks', '.keystore', '.bks', '.kdbx', '.kdb', '.tfstate'];

  it('takes a first byte every keyword shares, and case cannot change, out of the case-insensitive part', () => {
    expect(anyKeyword(builtIn)).toBe('\\.(?i:p12|pfx|jks|keystore|bks|kdbx|kdb|tfstate)');
    expect(anyKeyword(['key', 'kdb'])).toBe('(?i:key|kdb)');
    expect(anyKeyword(['.p12', '_p12'])).toBe('(?i:\\.p12|_p12)');
    expect(anyKeyword(['.'])).toBe('\\.(?i:)');
  });

  // The RE2::Set of the escaped keywords is what answered before, and its meaning stands: on
  // bytes with every keyword in mixed case, cut short, with the Kelvin sign RE2 folds to k, and
  // across random bytes as in a tree's ids.
  it('matches wherever the RE2::Set of the keywords did', () => {
    const keywordSets = [builtIn, ['key', 'kdb', 'a.b'], ['.']];
    let x = 7;
    const random = () => {
      x = (x * 1103515245 + 12345) >>> 0;
      return x >>> 16;
    };
    const answers = { true: 0, false: 0 };
    for (const keywords of keywordSets) {
      const set = new RE2.Set(
        keywords.map((k) => escapeLiteral(k)),
        'i',
      );
      const one = compileByteRegex(anyKeyword(keywords));
      for (let n = 0; n < 2000; n++) {
        const parts: Buffer[] = [];
        for (let k = random() % 6; k > 0; k--) {
          const roll = random() % 5;
          const word = keywords[random() % keywords.length] as string;
          if (roll === 0) parts.push(Buffer.from(word.toUpperCase()));
          else if (roll === 1) parts.push(Buffer.from(word.slice(0, -1)));
          else if (roll === 2) parts.push(Buffer.from(word.replace('k', '\u212a')));
          else parts.push(Buffer.from(Array.from({ length: random() % 40 }, () => random() & 0xff)));
        }
        const bytes = Buffer.concat(parts);
        answers[String(one.test(bytes)) as 'true' | 'false']++;
        expect({ bytes: bytes.toString('hex'), found: one.test(bytes) }).toEqual({
          bytes: bytes.toString('hex'),
          found: set.match(bytes).length > 0,
        });
      }
    }
    expect(answers.true).toBeGreaterThan(1000);
    expect(answers.false).toBeGreaterThan(1000);
  });
});

describe('baseName', () => {
  it('takes the last path segment', () => {
    expect(baseName('a/b/c.p12')).toBe('c.p12');
    expect(baseName('c.p12')).toBe('c.p12');
  });
});
