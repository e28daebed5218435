// Runs the CLI's CommonJS bundle with V8's code cache. Node 20 compiles every module from source
// on every start (it keeps no compiled code for ES modules; module.enableCompileCache is Node
// 22+), and compiling the CLI was a third of a pre-commit hook's time. A script compiled through
// node:vm can be handed the code V8 produced for it on an earlier run, so that is what this does.
//
// The cache is code V8 runs without checking it, so only a file this user wrote is used: it lives
// in $XDG_CACHE_HOME/credsweep/code-cache (else ~/.cache/...), a folder created 0700 that must
// belong to this user and be writable by no one else, and the file must be a regular file of
// this user's, opened without following a link. One file per bundle path (two: see below), keyed
// by the bundle's stats (a rebuild or reinstall replaces it) and Node's version; V8 checks its
// own version, flags and the source's length as well and rejects data that does not fit. Whatever
// goes wrong (no home, a read-only or foreign folder, rejected data) the bundle is compiled from
// source as before, and a run that had no usable cache writes one when its command is done. Each
// file names the bundle it was made for, so a write also removes the files of bundles that are
// gone (a removed install, the test suite's temporary copies): the folder does not grow with
// every copy ever run.
//
// V8's data holds only the functions compiled before it was made, so a cache first written by a
// short run (`--version`) would leave every later scan compiling the rest from source: a run that
// used the cache never wrote it again. So each file also lists the command shapes (the command
// word, and `--staged`) whose runs have added to it: the first run of a shape the list lacks makes
// the data again once its command is done and keeps it if it grew, and adds the shape either way.
// The list is capped, so a cache is rewritten at most MAX_SHAPES times per build of the bundle.
// V8 reads all of a file's data on every start, so the pre-commit scan (`scan --staged`) keeps a
// file of its own: grown by a history scan and the other commands, the shared one was 749 KB
// against its 578 KB, and took 2 ms and 100 page faults more of every commit to read.
//
// A file: the 32-byte key, the bundle's path and the shapes (each ended by '\n'), each as a
// 4-byte length then UTF-8, then V8's data.
//
// CommonJS, as bin/credsweep.js is: an ES module entry costs every start some 6 ms of Node's
// module loader.
const { createHash } = require('node:crypto');
const {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { createRequire } = require('node:module');
const { homedir } = require('node:os');
const { dirname, isAbsolute, join } = require('node:path');
const vm = require('node:vm');

// Far above what the CLI's cache takes (under 1 MB): a bigger file is not ours.
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const KEY_BYTES = 32;
// The layout of a file, part of its key: a file of another layout is not read as this one.
const FORMAT = 2;
// How many command shapes may add to one cache; a run of another shape leaves it as it is.
const MAX_SHAPES = 12;

/**
 * What decides which of the CLI's functions a run compiles, from its argv: the command word and
 * whether it is `--staged`, e.g. `scan --staged`; '' when there is no command word.
 */
function commandShape(argv) {
  const args = argv.slice(2);
  const command = args.find((arg) => /^[a-z][a-z0-9-]{0,31}$/.test(arg)) ?? '';
  return args.includes('--staged') ? `${command} --staged` : command;
}

/** The command shape of the pre-commit scan, which keeps a cache of its own (and, in bin/, ends early). */
const PRE_COMMIT_SHAPE = 'scan --staged';

// Which file of a bundle's caches a run of `shape` uses: the pre-commit scan's own, or the one
// every other command shares.
function cacheGroup(shape) {
  return shape === PRE_COMMIT_SHAPE ? 'staged' : 'other';
}

/** The folder of code caches: under $XDG_CACHE_HOME when it is an absolute path, else ~/.cache. */
function codeCacheDir(env = process.env) {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'credsweep', 'code-cache');
}

function owned(stats) {
  return typeof process.getuid !== 'function' || stats.uid === process.getuid();
}

// The cache folder, created if missing; null unless it is a real folder of this user's that no
// one else may write to (then no one else can have put or swapped a file in it).
function trustedDir(dir, create) {
  try {
    if (create) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stats = lstatSync(dir);
    return stats.isDirectory() && owned(stats) && (stats.mode & 0o022) === 0 ? dir : null;
  } catch {
    return null;
  }
}

// The file's first `limit` bytes (all of it by default), or null unless it is a regular file of this user's.
function readTrusted(file, limit = MAX_CACHE_BYTES) {
  let fd;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    const stats = fstatSync(fd);
    if (!stats.isFile() || !owned(stats) || stats.size > MAX_CACHE_BYTES) return null;
    const data = Buffer.allocUnsafe(Math.min(stats.size, limit));
    let got = 0;
    while (got < data.length) {
      const n = readSync(fd, data, got, data.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return data.subarray(0, got);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeTrusted(file, data) {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
}

function lengthPrefixed(text) {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return [length, bytes];
}

function entry(key, bundle, shapes, data) {
  return Buffer.concat([key, ...lengthPrefixed(bundle), ...lengthPrefixed(shapes.map((shape) => `${shape}\n`).join('')), data]);
}

// The bundle path, shapes and V8 data of a cache file's bytes, or null when they are not a whole
// entry. With `pathOnly`, just the key and the path: the bytes may be the file's first few only.
function parseEntry(bytes, pathOnly = false) {
  if (bytes === null || bytes.length < KEY_BYTES + 4) return null;
  const pathEnd = KEY_BYTES + 4 + bytes.readUInt32BE(KEY_BYTES);
  if (pathEnd > bytes.length) return null;
  const found = { key: bytes.subarray(0, KEY_BYTES), bundle: bytes.toString('utf8', KEY_BYTES + 4, pathEnd) };
  if (pathOnly) return found;
  if (pathEnd + 4 > bytes.length) return null;
  const end = pathEnd + 4 + bytes.readUInt32BE(pathEnd);
  if (end > bytes.length) return null;
  const shapes = bytes
    .toString('utf8', pathEnd + 4, end)
    .split('\n')
    .slice(0, -1);
  return { ...found, shapes, data: bytes.subarray(end) };
}

// The cache file of `bundle` for runs of `group` (cacheGroup).
function cacheFileName(bundle, group) {
  return `${createHash('sha256').update(`${bundle}\n${group}`).digest('hex').slice(0, 32)}.bin`;
}

// Removes the caches of bundles that no longer exist, a file of `bundle` under a name it no
// longer has (an earlier layout's), and temporary files a killed run left; `keep` is written now.
function prune(folder, keep, bundle) {
  const hour = 60 * 60 * 1000;
  const own = new Set(['staged', 'other'].map((group) => cacheFileName(bundle, group)));
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (path === keep) continue;
    try {
      if (name.endsWith('.tmp') && Date.now() - lstatSync(path).mtimeMs > hour) rmSync(path, { force: true });
      if (!name.endsWith('.bin')) continue;
      const found = parseEntry(readTrusted(path, KEY_BYTES + 4 + 4096), true);
      if (found === null || !existsSync(found.bundle) || (found.bundle === bundle && !own.has(name))) rmSync(path, { force: true });
    } catch {}
  }
}

// What the cache is valid for: this bundle file as it is now, run by this Node.
function cacheKey(bundle) {
  const s = statSync(bundle, { bigint: true });
  return createHash('sha256')
    .update(`${FORMAT}\n${process.version}\n${process.arch}\n${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`)
    .digest();
}

/**
 * Loads the CommonJS bundle `bundle` with its code cache from `dir`. Returns its exports, how the
 * cache was used (`used`, `absent`, `rejected` or `off` when the folder cannot be trusted) and
 * `save()`, which writes the cache when this run had none it could use, or when it used one that
 * no run of its command `shape` (commandShape) has added to yet: call it once the command has
 * run, so the cache holds the functions the command compiled too.
 */
function loadWithCodeCache(bundle, dir = codeCacheDir(), shape = '') {
  // The bundle is ASCII (bin/bundle.mjs escapes the rest), so Latin-1 reads it as UTF-8 would,
  // without the pass that checks for multi-byte sequences.
  const source = readFileSync(bundle, 'latin1');
  const key = cacheKey(bundle);
  const folder = trustedDir(dir, true);
  const file = folder && join(folder, cacheFileName(bundle, cacheGroup(shape)));
  const stored = file ? parseEntry(readTrusted(file)) : null;
  const usable = stored !== null && stored.bundle === bundle && key.equals(stored.key) && stored.data.length > 0;
  const cachedData = usable ? stored.data : undefined;
  // Node's own wrapper for a CommonJS file, on the first line so line numbers stay the file's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const cache = folder === null ? 'off' : cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  const save = () => {
    const fresh = cache === 'absent' || cache === 'rejected';
    const extend = cache === 'used' && !stored.shapes.includes(shape) && stored.shapes.length < MAX_SHAPES;
    if (!fresh && !extend) return;
    // The folder is checked again: it may have been replaced while the command ran.
    if (trustedDir(dir, false) === null) return;
    const made = script.createCachedData();
    // A long run may have dropped the code of functions it stopped using: the larger data holds more.
    const data = fresh || made.length > stored.data.length ? made : stored.data;
    writeTrusted(file, entry(key, bundle, fresh ? [shape] : [...stored.shapes, shape], data));
    prune(folder, file, bundle);
  };
  return { exports: module.exports, cache, save };
}

module.exports = { PRE_COMMIT_SHAPE, codeCacheDir, commandShape, loadWithCodeCache };
