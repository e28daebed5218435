// The table of error codes is the one list: every code src/ raises or reports must be in it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeCode, ERROR_CODES, exitCodeFor, GitError, isCredsweepError, UsageError } from '../src/errors.js';
import { listTs } from './support/import-graph.js';

const SRC = resolve(import.meta.dirname, '../src');

/** Codes written as literals where errors are built or issues reported. */
function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  const shapes = [
    /new [A-Za-z]*Error\(\s*'([A-Z][A-Z0-9_]+)'/g,
    /\bcode: '([A-Z][A-Z0-9_]+)'/g,
    /\? '([A-Z][A-Z0-9_]+)' : '([A-Z][A-Z0-9_]+)'/g,
  ];
  for (const file of listTs(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const shape of shapes) for (const m of text.matchAll(shape)) for (const code of m.slice(1)) if (code) found.set(code, file);
  }
  return found;
}

describe('error codes', () => {
  it('finds the codes src/ uses', () => {
    expect(codesInSource().size).toBeGreaterThan(40);
  });

  it('lists every code src/ raises or reports in the table', () => {
    const missing = [...codesInSource()].filter(([code]) => !(code in ERROR_CODES)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('says what each code means', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) expect(entry.meaning.length, code).toBeGreaterThan(10);
  });

  it('maps codes to exit codes through the table', () => {
    expect(exitCodeFor(new UsageError('USAGE_BAD_VALUE', 'x'))).toBe(2);
    expect(exitCodeFor(new ConfigError('CONFIG_INVALID', 'x'))).toBe(2);
    expect(exitCodeFor(new GitError('GIT_CORRUPT_PACK', 'x'))).toBe(3);
    expect(describeCode('AWS_AccessDenied').exit).toBe(3);
    expect(describeCode('NOT_A_CODE')).toBe(ERROR_CODES.INTERNAL);
  });

  it('recognises its own errors by brand, not by shape', () => {
    expect(isCredsweepError(new GitError('GIT_MISSING_OBJECT', 'gone'))).toBe(true);
    const enoent = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    expect(isCredsweepError(enoent)).toBe(false);
    expect(isCredsweepError({ code: 'USAGE_BAD_VALUE', message: 'a plain object' })).toBe(false);
  });
});

describe('the README', () => {
  it('prints the table of error codes as it is', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
    const missing = Object.entries(ERROR_CODES)
      .map(([code, e]) => `| \`${code}\` | ${e.exit} | ${e.meaning} |`)
      .filter((row) => !readme.includes(row));
    expect(missing).toEqual([]);
  });
});
