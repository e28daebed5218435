import { describe, expect, it } from 'vitest';
import { compileAllow } from '../../src/detect/allow.js';
import { RegexSyntaxError } from '../../src/detect/re2.js';
import { hasSuppressionMarker } from '../../src/detect/suppression.js';

describe('compileAllow', () => {
  it('allows a secret matching any of the regexes', () => {
    const allow = compileAllow(['EXAMPLE$', '^\\$\\{', '(?i)changeme']);
    expect(allow('AKIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(allow('$' + '{DB_PASSWORD}')).toBe(true);
    expect(allow('ChangeMe')).toBe(true);
    expect(allow('AKIA4EM26SZPQVPUXFP3')).toBe(false);
  });

  it('allows nothing without regexes', () => {
    expect(compileAllow([])('anything')).toBe(false);
  });

  it('keeps alternatives separate when joining', () => {
    // Without grouping, 'a|b' and '^c$' would join into 'a|b|^c$' and still work, but '^x' + 'y$'
    // must not become '^xy$'.
    const allow = compileAllow(['^x', 'y$']);
    expect(allow('x123')).toBe(true);
    expect(allow('123y')).toBe(true);
    expect(allow('zxyz')).toBe(false);
  });

  it('throws RegexSyntaxError on a bad regex', () => {
    expect(() => compileAllow(['ok', '(bad'])).toThrow(RegexSyntaxError);
  });
});

describe('hasSuppressionMarker', () => {
  it('finds a marker only inside the given range', () => {
    const buf = Buffer.from('a = 1\nb = 2 # gitleaks:allow\n', 'utf8');
    expect(hasSuppressionMarker(buf, 0, 5)).toBe(false);
    expect(hasSuppressionMarker(buf, 6, buf.length - 1)).toBe(true);
  });
});
