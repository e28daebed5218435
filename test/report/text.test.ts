import { describe, expect, it } from 'vitest';
import { sanitizeForTerminal } from '../../src/report/ansi.js';
import { text } from '../../src/report/text.js';
import { formatBytes, formatDuration } from '../../src/report/text-summary.js';
import { CLEAN_RESULT, OPTIONS, SCAN_RESULT } from './scan-result-fixture.js';

const ESC = '\u001b';

describe('text reporter', () => {
  it('uses no ANSI codes unless asked to', () => {
    expect(text(SCAN_RESULT, OPTIONS)).not.toContain(ESC);
    expect(text(SCAN_RESULT, { ...OPTIONS, color: true })).toContain(`${ESC}[`);
  });

  it('never passes an escape sequence from the scanned content to the terminal', () => {
    const out = text(SCAN_RESULT, { ...OPTIONS, color: true });
    expect(out).not.toContain(`${ESC}[2J`);
    expect(out).toContain('\\x1b[2J');
  });

  it('lists findings worst first', () => {
    const out = text(SCAN_RESULT, OPTIONS);
    const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'ENVIRONMENTAL INTELLIGENCE'].map((s) => out.indexOf(` ${s} `));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((i) => i >= 0)).toBe(true);
  });

  it('says where each secret still lives', () => {
    const out = text(SCAN_RESULT, OPTIONS);
    expect(out).toContain('removed from HEAD, still in history of refs/heads/main, refs/heads/release, refs/tags/v1.0');
    expect(out).toContain('still at HEAD');
    expect(out).toContain('unreachable (no ref holds it)');
    expect(out).toContain('also in 6 other places:');
    expect(out).toContain('  +1 more');
  });

  it('ends an incomplete scan with a loud block naming each issue', () => {
    const out = text(SCAN_RESULT, OPTIONS);
    expect(out).toContain('INCOMPLETE SCAN: 1 issue');
    expect(out).toMatch(/GIT_CORRUPT_OBJECT \(object ffee0011\w+, path \.git\/objects\/pack\/pack-3f2e\.pack\): zlib inflate failed/);
    expect(out.lastIndexOf('INCOMPLETE SCAN')).toBeGreaterThan(out.lastIndexOf('findings ('));
  });

  it('says plainly that nothing was found, and in what', () => {
    expect(text(CLEAN_RESULT, OPTIONS)).toMatch(
      /^No secrets found\.\nScanned 120 unique blobs \(86\.0 KiB\) of 310 objects in \.\/service\./,
    );
  });

  it('never calls a scan with issues clean', () => {
    const out = text({ ...CLEAN_RESULT, issues: SCAN_RESULT.issues }, OPTIONS);
    expect(out).toContain('No secrets found in the content that could be read.');
    expect(out).toContain('INCOMPLETE SCAN');
  });
});

describe('sanitizeForTerminal', () => {
  it.each([
    ['plain text', 'plain text'],
    [`${ESC}]0;owned\u0007`, '\\x1b]0;owned\\x07'],
    ['a\u202eb', 'a\\u202eb'],
    ['tab\there', 'tab\\x09here'],
    ['\u009b31m', '\\x9b31m'],
  ])('%j → %j', (input, output) => {
    expect(sanitizeForTerminal(input)).toBe(output);
  });
});

describe('formatters', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [734_003_200, '700.0 MiB'],
  ])('formatBytes(%d) = %s', (n, s) => expect(formatBytes(n)).toBe(s));

  it.each([
    [640, '640 ms'],
    [12_345, '12.3 s'],
    [245_000, '4 min 5 s'],
  ])('formatDuration(%d) = %s', (n, s) => expect(formatDuration(n)).toBe(s));
});
