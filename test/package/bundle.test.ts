// The CLI and scan worker bundles as bin/bundle.mjs writes them (the global setup builds dist/ before the tests).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BUNDLE_DIR = resolve(import.meta.dirname, '../../dist/bundle');
const BUNDLE = join(BUNDLE_DIR, 'main.cjs');
const ERRORS = resolve(import.meta.dirname, '../../src/errors.ts');

describe('the CLI bundle', () => {
  it('is ASCII only, so V8 holds its source one byte a character', () => {
    const text = readFileSync(BUNDLE, 'latin1');
    expect(text.match(/[^\x00-\x7f]/g) ?? []).toEqual([]);
  });

  it('keeps the names of the error classes (bundled without keepNames), which their stacks show', () => {
    expectErrorClassNames(readFileSync(BUNDLE, 'latin1'));
  });
});

describe('the scan worker bundle', () => {
  it('keeps the names of the error classes too (also bundled without keepNames)', () => {
    // The worker and the chunks esbuild split off it: whichever holds errors.ts.
    const files = readdirSync(BUNDLE_DIR).filter((f) => f.endsWith('.js'));
    expect(files).toContain('worker.js');
    const text = files.map((f) => readFileSync(join(BUNDLE_DIR, f), 'latin1')).join('\n');
    expect(text).not.toMatch(/\b__name\(/);
    expectErrorClassNames(text, false);
  });
});

// Every error class of errors.ts that `text` holds is under its own name, never renamed (X2);
// with `all`, it holds them all. The worker's bundle leaves out the classes it never uses.
function expectErrorClassNames(text: string, all = true): void {
  const classes = [...readFileSync(ERRORS, 'utf8').matchAll(/^export class (\w+) extends/gm)].map((m) => m[1] as string);
  expect(classes).toContain('UsageError');
  for (const name of classes) {
    expect(text).not.toMatch(new RegExp(`\\b${name}\\d+\\b`));
    // `class X extends`, or `X = class extends` (a class named after X; no spaces when minified).
    if (all || name === 'CredsweepError') expect(text).toMatch(new RegExp(`\\b(class ${name}|${name}\\s*=\\s*class) extends\\b`));
  }
}
