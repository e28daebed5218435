import { describe, expect, it } from 'vitest';
import { compileRules, scanBlob } from '../../src/detect/matcher.js';
import { isPlaceholder } from '../../src/detect/placeholders.js';
import { makeRule } from './make-rule.js';

describe('isPlaceholder', () => {
  it('knows documentation stand-ins, references and published example keys', () => {
    for (const value of [
      'string',
      'changeme',
      '<user:password>',
      '<YOUR_TOKEN>',
      ['$', '{DB_PASSWORD}'].join(''),
      '$(cat /run/secrets/db)',
      '{{ .Values.password }}',
      '%TestPassword%',
      'sk_live_xxxxxxxxxxxxxxxx',
      'AKIAIOSFODNN7EXAMPLE',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'AIzaSyDOCAbC123dEf456GhI789jKl012-MnO',
      'AIzaSyDOCAbC123dEf456GhI789jKl01-MnO',
      'mysqlpassword',
      Buffer.from('mypassword').toString('base64'),
      Buffer.from('changeme\n').toString('base64'),
    ]) {
      expect(isPlaceholder(value), value).toBe(true);
    }
  });

  it('leaves made-up values of real shapes alone', () => {
    const encoded = Buffer.from('Hq3vZ8rLm2wT').toString('base64');
    for (const value of [
      'Tr0ub4dor&3x',
      'q8Xr2LmN7vTz4KpW9sBc1HdJ',
      'AIzaSyC4q9Lm2Xv7Tz1KpW8sBn3HdJf6Gy0RcE',
      'strings',
      '%s',
      'example.com-pw-9f3k',
      encoded,
      'mystery-box-9',
    ]) {
      expect(isPlaceholder(value), value).toBe(false);
    }
  });
});

describe('scanBlob and placeholders', () => {
  it('drops a placeholder for every rule and counts it as suppressed', () => {
    const compiled = compileRules([makeRule({ id: 'test.password', pattern: "'Password': '([^']+)'", secretGroup: 1 })]);
    const scan = scanBlob(compiled, Buffer.from("'Password': 'string'\n'Password': 'Tr0ub4dor&3x'\n"), 'b');
    expect(scan.matches.map((m) => m.secret)).toEqual(['Tr0ub4dor&3x']);
    expect(scan.suppressed).toBe(1);
  });
});
