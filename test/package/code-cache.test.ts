// The V8 code cache the CLI bundle runs with (bin/code-cache.cjs): written once a run had none,
// used by the next, extended once by the first run of each other command shape, and never taken
// from a file or folder that someone else could have written; data V8 rejects, or a cache for
// another build of the bundle, falls back to compiling the source.
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module of the package's bin/, without type declarations.
import { codeCacheDir, commandShape } from '../../bin/code-cache.cjs';

type CacheUse = 'used' | 'absent' | 'rejected' | 'off';

const CODE_CACHE = pathToFileURL(resolve(import.meta.dirname, '../../bin/code-cache.cjs')).href;

// Each load runs in a fresh Node, as the CLI does: within one process V8 finds a script it
// compiled before in its own memory and never looks at the data it is handed.
// `call` names the export the run calls, `shape` its command shape.
function load(bundle: string, dir: string, save = true, shape = 'scan', call = 'answer'): { cache: CacheUse; answer: string } {
  const script = `
    const { loadWithCodeCache } = await import(${JSON.stringify(CODE_CACHE)});
    const loaded = loadWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(dir)}, ${JSON.stringify(shape)});
    const answer = loaded.exports[${JSON.stringify(call)}]();
    if (${save}) loaded.save();
    process.stdout.write(JSON.stringify({ cache: loaded.cache, answer }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the load failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as { cache: CacheUse; answer: string };
}

let work: string;
let bundle: string;
let dir: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'credsweep-code-cache-'));
  bundle = join(work, 'main.cjs');
  dir = join(work, 'cache', 'credsweep', 'code-cache');
  writeFileSync(bundle, `"use strict";\nexports.answer = () => ['the', 'first', 'build'].join(' ');\n`);
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

function cacheFiles(): string[] {
  return readdirSync(dir).map((name) => join(dir, name));
}

function run(): CacheUse {
  const loaded = load(bundle, dir);
  expect(loaded.answer).toMatch(/^the \w+ build$/);
  return loaded.cache;
}

describe('the code cache of the CLI bundle', () => {
  it('is written by a run that had none, in a folder only this user can open, and used by the next', () => {
    expect(run()).toBe('absent');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const [file] = cacheFiles();
    expect(statSync(file as string).mode & 0o777).toBe(0o600);
    expect(run()).toBe('used');
    expect(cacheFiles()).toHaveLength(1);
  });

  it('falls back to the source when V8 rejects the data, and writes it again', () => {
    run();
    const file = cacheFiles()[0] as string;
    const stored = readFileSync(file);
    // The key, the bundle's path and the shapes kept, V8's data replaced.
    const path = 32 + 4 + stored.readUInt32BE(32);
    const head = path + 4 + stored.readUInt32BE(path);
    writeFileSync(file, Buffer.concat([stored.subarray(0, head), Buffer.alloc(stored.length - head, 0x5a)]));
    expect(run()).toBe('rejected');
    expect(run()).toBe('used');
  });

  it('does not use the cache of an earlier build of the bundle', () => {
    run();
    writeFileSync(bundle, `"use strict";\nexports.answer = () => ['the', 'second', 'build'].join(' ');\n`);
    expect(load(bundle, dir)).toEqual({ cache: 'absent', answer: 'the second build' });
  });

  it('is not used or written in a folder others may write to', () => {
    run();
    chmodSync(dir, 0o777);
    const before = readFileSync(cacheFiles()[0] as string);
    expect(run()).toBe('off');
    expect(cacheFiles()).toHaveLength(1);
    expect(readFileSync(cacheFiles()[0] as string)).toEqual(before);
  });

  it('does not follow a link in place of the cache file', () => {
    run();
    const file = cacheFiles()[0] as string;
    const elsewhere = join(work, 'elsewhere.bin');
    const stored = readFileSync(file);
    writeFileSync(elsewhere, stored);
    rmSync(file);
    symlinkSync(elsewhere, file);
    expect(run()).toBe('absent');
    expect(lstatSync(file).isFile()).toBe(true);
    expect(readFileSync(elsewhere)).toEqual(stored);
  });

  it('does not use a cache file that belongs to another user (checked when the tests run as root, who can make one)', () => {
    run();
    const file = cacheFiles()[0] as string;
    const other = process.getuid?.() === 0 ? 65534 : undefined;
    if (other !== undefined) chownSync(file, other, other);
    expect(run()).toBe(other === undefined ? 'used' : 'absent');
  });

  it('drops the caches of bundles that are gone, and temporary files left long ago, when it writes one', () => {
    run();
    const [gone] = cacheFiles();
    rmSync(bundle);
    const leftover = join(dir, 'x.bin.123.tmp');
    writeFileSync(leftover, 'half');
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(leftover, old, old);
    bundle = join(work, 'other.cjs');
    writeFileSync(bundle, `"use strict";\nexports.answer = () => ['the', 'other', 'build'].join(' ');\n`);
    expect(run()).toBe('absent');
    const now = cacheFiles();
    expect(now).toHaveLength(1);
    expect(now).not.toContain(gone);
  });

  it("drops a file of the same bundle under a name it no longer has (an earlier layout's)", () => {
    run();
    const [current] = cacheFiles() as [string];
    const earlier = join(dir, `${'0'.repeat(32)}.bin`);
    writeFileSync(earlier, readFileSync(current), { mode: 0o600 });
    rmSync(current);
    expect(run()).toBe('absent');
    expect(cacheFiles()).toEqual([current]);
  });

  it('grows when the first run of another command shape compiled more of the bundle, and is then left alone', () => {
    // A second export whose many functions a run of shape `scan` never compiles.
    const helpers = Array.from(
      { length: 200 },
      (_, i) => `function part${i}(x) { return [x, ${i}, 'part ${i}'].join(' ') + String(x * ${i}); }`,
    );
    writeFileSync(
      bundle,
      `"use strict";\nexports.answer = () => ['the', 'first', 'build'].join(' ');\n${helpers.join('\n')}\n` +
        `exports.more = () => 'the ' + [${helpers.map((_, i) => `part${i}(${i})`).join(', ')}].length + ' build';\n`,
    );
    expect(load(bundle, dir, true, '-').cache).toBe('absent');
    const file = cacheFiles()[0] as string;
    const short = readFileSync(file);
    expect(load(bundle, dir, true, 'scan', 'more')).toEqual({ cache: 'used', answer: 'the 200 build' });
    const grown = readFileSync(file);
    expect(grown.length).toBeGreaterThan(short.length + 200 * 20);
    // Another run of a shape the cache has seen writes nothing, whatever it compiles.
    expect(load(bundle, dir, true, 'scan', 'more').cache).toBe('used');
    expect(load(bundle, dir, true, '-', 'more').cache).toBe('used');
    expect(readFileSync(file)).toEqual(grown);
  });

  it('keeps the larger data when a new shape compiled less, and adds at most a dozen shapes', () => {
    run();
    const file = cacheFiles()[0] as string;
    const first = readFileSync(file);
    const shapes = Array.from({ length: 20 }, (_, i) => `command-${i}`);
    const sizes = shapes.map((shape) => {
      expect(load(bundle, dir, true, shape).cache).toBe('used');
      return readFileSync(file).length;
    });
    // Each of the first 11 new shapes adds its name (and 1 newline) to the file; V8's data stays.
    expect(sizes.slice(0, 11)).toEqual(shapes.slice(0, 11).map((_, i) => first.length + shapes.slice(0, i + 1).join('\n').length + 1));
    expect(new Set(sizes.slice(10))).toEqual(new Set([sizes[10]]));
  });

  it("keeps a pre-commit scan's cache apart, so other commands never grow the one it reads", () => {
    expect(load(bundle, dir, true, 'scan --staged').cache).toBe('absent');
    const [staged] = cacheFiles();
    const before = readFileSync(staged as string);
    expect(load(bundle, dir, true, 'scan').cache).toBe('absent');
    expect(load(bundle, dir, true, 'rules').cache).toBe('used');
    expect(cacheFiles()).toHaveLength(2);
    expect(load(bundle, dir, true, 'scan --staged').cache).toBe('used');
    expect(readFileSync(staged as string)).toEqual(before);
  });

  it('takes the command word and --staged as the shape of a run', () => {
    expect(commandShape(['node', 'credsweep', 'scan', '--staged', '--no-progress'])).toBe('scan --staged');
    expect(commandShape(['node', 'credsweep', '--no-color', 'scan', '-f', 'json', '.'])).toBe('scan');
    expect(commandShape(['node', 'credsweep', 'rules', 'list'])).toBe('rules');
    expect(commandShape(['node', 'credsweep', '--version'])).toBe('');
  });

  it('lives under XDG_CACHE_HOME when that is an absolute path, else under ~/.cache', () => {
    mkdirSync(join(work, 'xdg'));
    expect(codeCacheDir({ XDG_CACHE_HOME: join(work, 'xdg') })).toBe(join(work, 'xdg', 'credsweep', 'code-cache'));
    expect(codeCacheDir({ XDG_CACHE_HOME: 'relative' })).toMatch(/\/\.cache\/credsweep\/code-cache$/);
  });
});
