// Runs the CLI's CommonJS bundle with V8's code cache. Node 20 compiles every module from source
// on every start (it keeps no compiled code for ES modules; module.enableCompileCache is Node
// 22+), and compiling the CLI was a third of a pre-commit hook's time. A script compiled through
// node:vm can be handed the code V8 produced for it on an earlier run, so that is what this does.
//
// The cache is code V8 runs without checking it, so only a file this user wrote is used: it lives
// in $XDG_CACHE_HOME/credsweep/code-cache (else ~/.cache/...), a folder created 0700 that must
// belong to this user and be writable by no one else, and the file must be a regular file of
// this user's, opened without following a link. One file per bundle path, keyed by the bundle's
// stats (a rebuild or reinstall replaces it) and Node's version; V8 checks its own version, flags
// and the source's length as well and rejects data that does not fit. Whatever goes wrong (no
// home, a read-only or foreign folder, rejected data) the bundle is compiled from source as before,
// and a run that had no usable cache writes one when its command is done. Each file names the
// bundle it was made for, so a write also removes the files of bundles that are gone (a removed
// install, the test suite's temporary copies): the folder does not grow with every copy ever run.
//
// A file: the 32-byte key, the bundle's path (4-byte length, then UTF-8), then V8's data.
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

function entry(key, bundle, data) {
  const path = Buffer.from(bundle, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(path.length);
  return Buffer.concat([key, length, path, data]);
}

// The bundle path and V8 data of a cache file's bytes, or null when they are not a whole entry.
function parseEntry(bytes) {
  if (bytes === null || bytes.length < KEY_BYTES + 4) return null;
  const end = KEY_BYTES + 4 + bytes.readUInt32BE(KEY_BYTES);
  if (end > bytes.length) return null;
  return { key: bytes.subarray(0, KEY_BYTES), bundle: bytes.toString('utf8', KEY_BYTES + 4, end), data: bytes.subarray(end) };
}

// Removes the caches of bundles that no longer exist, and temporary files a killed run left.
function prune(folder, keep) {
  const hour = 60 * 60 * 1000;
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (path === keep) continue;
    try {
      if (name.endsWith('.tmp') && Date.now() - lstatSync(path).mtimeMs > hour) rmSync(path, { force: true });
      if (!name.endsWith('.bin')) continue;
      const found = parseEntry(readTrusted(path, KEY_BYTES + 4 + 4096));
      if (found === null || !existsSync(found.bundle)) rmSync(path, { force: true });
    } catch {}
  }
}

// What the cache is valid for: this bundle file as it is now, run by this Node.
function cacheKey(bundle) {
  const s = statSync(bundle, { bigint: true });
  return createHash('sha256').update(`${process.version}\n${process.arch}\n${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`).digest();
}

/**
 * Loads the CommonJS bundle `bundle` with its code cache from `dir`. Returns its exports, how the
 * cache was used (`used`, `absent`, `rejected` or `off` when the folder cannot be trusted) and
 * `save()`, which writes the cache when this run had none it could use: call it once the command
 * has run, so the cache holds the functions the command compiled too.
 */
function loadWithCodeCache(bundle, dir = codeCacheDir()) {
  const source = readFileSync(bundle, 'utf8');
  const key = cacheKey(bundle);
  const folder = trustedDir(dir, true);
  const file = folder && join(folder, `${createHash('sha256').update(bundle).digest('hex').slice(0, 32)}.bin`);
  const stored = file ? parseEntry(readTrusted(file)) : null;
  const cachedData =
    stored !== null && stored.bundle === bundle && key.equals(stored.key) && stored.data.length > 0 ? stored.data : undefined;
  // Node's own wrapper for a CommonJS file, on the first line so line numbers stay the file's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const cache = folder === null ? 'off' : cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  const save = () => {
    if (cache !== 'absent' && cache !== 'rejected') return;
    // The folder is checked again: it may have been replaced while the command ran.
    if (trustedDir(dir, false) === null) return;
    writeTrusted(file, entry(key, bundle, script.createCachedData()));
    prune(folder, file);
  };
  return { exports: module.exports, cache, save };
}

module.exports = { codeCacheDir, loadWithCodeCache };
