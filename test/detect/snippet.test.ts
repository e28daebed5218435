import { describe, expect, it } from 'vitest';
import { extractSnippet, SNIPPET_MAX } from '../../src/detect/snippet.js';

function snippetOf(line: string, secret: string): string {
  const buf = Buffer.from(line, 'utf8');
  const start = buf.indexOf(secret);
  return extractSnippet(buf, 0, buf.length, start, start + Buffer.byteLength(secret));
}

describe('extractSnippet', () => {
  it('returns a short line whole, trimmed', () => {
    expect(snippetOf('   key = SECRET123   \r', 'SECRET123')).toBe('key = SECRET123');
  });

  it('cuts a long line to 200 characters around the secret', () => {
    const line = `${'a'.repeat(5000)} SECRET123 ${'b'.repeat(5000)}`;
    const s = snippetOf(line, 'SECRET123');
    expect(s.length).toBeLessThanOrEqual(SNIPPET_MAX);
    expect(s).toContain('SECRET123');
    expect(s.indexOf('SECRET123')).toBeGreaterThan(80);
  });

  it('gives unused room on one side to the other', () => {
    const s = snippetOf(`SECRET123 ${'b'.repeat(500)}`, 'SECRET123');
    expect(s.startsWith('SECRET123')).toBe(true);
    expect(s.length).toBe(SNIPPET_MAX);
  });

  it('does not split multi-byte characters at the cut', () => {
    const s = snippetOf(`${'é'.repeat(2000)}SECRET${'€'.repeat(2000)}`, 'SECRET');
    expect(s).not.toContain('\ufffd');
    expect(s.length).toBeLessThanOrEqual(SNIPPET_MAX);
  });

  it('shows the first 200 characters of a secret longer than that', () => {
    expect(snippetOf(`k=${'Z'.repeat(500)}`, 'Z'.repeat(500))).toBe('Z'.repeat(SNIPPET_MAX));
  });

  it('stops at the line end when the secret runs onto later lines', () => {
    const buf = Buffer.from('pem: -----BEGIN\nbody\n-----END', 'utf8');
    expect(extractSnippet(buf, 0, 15, 5, buf.length)).toBe('pem: -----BEGIN');
  });
});
