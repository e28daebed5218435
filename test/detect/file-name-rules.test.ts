import { describe, expect, it } from 'vitest';
import { baseName, compileFileNameRules } from '../../src/detect/file-name-rules.js';
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

describe('baseName', () => {
  it('takes the last path segment', () => {
    expect(baseName('a/b/c.p12')).toBe('c.p12');
    expect(baseName('c.p12')).toBe('c.p12');
  });
});
