// The first run of a package without its build (bin/first-use-build.mjs), in a copy of this
// checkout's files with its node_modules: runs that start together share one build, a broken
// source or rule file stops the run with the step that failed, and nothing half-built is left.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKOUT, copyCheckout, runInstalled } from '../support/package-install.js';

const version = JSON.parse(readFileSync(join(CHECKOUT, 'package.json'), 'utf8')).version as string;
let pkg: string;

beforeEach(async () => {
  pkg = mkdtempSync(join(tmpdir(), 'credsweep-first-use-'));
  await copyCheckout(pkg);
  symlinkSync(join(CHECKOUT, 'node_modules'), join(pkg, 'node_modules'));
});

afterEach(() => {
  rmSync(pkg, { recursive: true, force: true });
});

function credsweep(args: string[]) {
  return runInstalled(process.execPath, [join(pkg, 'bin/credsweep.js'), ...args], tmpdir());
}

/** What the package folder holds beside its sources: dist/ and any build folder left behind. */
function leftovers(): string[] {
  return readdirSync(pkg).filter((name) => name.startsWith('dist') || name.startsWith('.dist'));
}

describe('the first-use build', () => {
  it('lets two runs that start together both finish, leaving one finished build that later runs use', async () => {
    const runs = await Promise.all([credsweep(['--version']), credsweep(['--version'])]);
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
    }
    expect(leftovers()).toEqual(['dist']);
    expect(readdirSync(join(pkg, 'dist')).sort()).toEqual([
      'build-stamp.json',
      'builtin-rules.docs.json',
      'builtin-rules.examples.json',
      'builtin-rules.json',
      'builtin-rules.stat.json',
      'bundle',
      'keyword-tables.bin',
      'token-table.bin',
    ]);
    expect(readFileSync(join(pkg, 'dist/token-table.bin')).equals(readFileSync(join(CHECKOUT, 'dist/token-table.bin')))).toBe(true);
    // The same tables as `npm run compile` writes (the checkout is built before the package tests).
    expect(readFileSync(join(pkg, 'dist/keyword-tables.bin')).equals(readFileSync(join(CHECKOUT, 'dist/keyword-tables.bin')))).toBe(true);
    expect(await credsweep(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('replaces a dist/ that holds no finished build', async () => {
    // A bundle cut short (or made before builds were stamped) that would exit 99 if it were run.
    mkdirSync(join(pkg, 'dist/bundle'), { recursive: true });
    writeFileSync(join(pkg, 'dist/bundle/main.cjs'), 'exports.main = () => 99;\n');
    const run = await credsweep(['--version']);
    expect(run.stdout).toBe(`${version}\n`);
    expect(run.code).toBe(0);
    expect(leftovers()).toEqual(['dist']);
  });

  it('stops with exit 2 and names the source that does not compile', async () => {
    writeFileSync(join(pkg, 'src/cli/version.ts'), 'export const broken = ;\n', { flag: 'a' });
    const run = await credsweep(['--version']);
    expect(run.stderr).toMatch(/could not build for first use: bundle .*src with esbuild: .*\n.*src\/cli\/version\.ts:\d+:\d+: ERROR/);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
    expect(leftovers()).toEqual([]);
  });

  it('stops with exit 2 when a built-in rule is invalid', async () => {
    writeFileSync(join(pkg, 'detectors/zz-broken.yaml'), 'rules:\n  - id: broken.rule\n    regex: "(unclosed"\n');
    const run = await credsweep(['--version']);
    expect(run.stderr).toMatch(
      /could not build for first use: check the built-in rules and write their snapshot: \S*zz-broken\.yaml:3: key "regex": unknown key/,
    );
    expect(run.stderr).not.toContain('    at ');
    expect(run.code).toBe(2);
    expect(leftovers()).toEqual([]);
  });
});
