// The CLI bundle as bin/bundle.mjs writes it (the global setup builds dist/ before the tests).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BUNDLE = resolve(import.meta.dirname, '../../dist/bundle/main.cjs');
const ERRORS = resolve(import.meta.dirname, '../../src/errors.ts');

describe('the CLI bundle', () => {
  it('is ASCII only, so V8 holds its source one byte a character', () => {
    const text = readFileSync(BUNDLE, 'latin1');
    expect(text.match(/[^\x00-\x7f]/g) ?? []).toEqual([]);
  });

  it('keeps the names of the error classes (bundled without keepNames), which their stacks show', () => {
    const text = readFileSync(BUNDLE, 'latin1');
    const classes = [...readFileSync(ERRORS, 'utf8').matchAll(/^export class (\w+) extends/gm)].map((m) => m[1]);
    expect(classes).toContain('UsageError');
    // `class X extends`, or `X = class extends` (a class named after X), not an X2.
    for (const name of classes) expect(text).toMatch(new RegExp(`\\b(class ${name}|${name} = class) extends\\b`));
  });
});
