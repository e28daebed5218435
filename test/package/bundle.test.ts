// The CLI bundle as bin/bundle.mjs writes it (the global setup builds dist/ before the tests).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BUNDLE = resolve(import.meta.dirname, '../../dist/bundle/main.cjs');

describe('the CLI bundle', () => {
  it('is ASCII only, so V8 holds its source one byte a character', () => {
    const text = readFileSync(BUNDLE, 'latin1');
    expect(text.match(/[^\x00-\x7f]/g) ?? []).toEqual([]);
  });
});
