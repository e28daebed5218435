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
// and a run that had no usable cache writes one when its command is done.
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import vm from 'node:vm';

// Far above what the CLI's cache takes (under 1 MB): a bigger file is not ours.
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const KEY_BYTES = 32;

/** The folder of code caches: under $XDG_CACHE_HOME when it is an absolute path, else ~/.cache. */
export function codeCacheDir(env = process.env) {
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

function readTrusted(file) {
  let fd;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    const stats = fstatSync(fd);
    if (!stats.isFile() || !owned(stats) || stats.size > MAX_CACHE_BYTES) return null;
    const data = Buffer.allocUnsafe(stats.size);
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
export function loadWithCodeCache(bundle, dir = codeCacheDir()) {
  const source = readFileSync(bundle, 'utf8');
  const key = cacheKey(bundle);
  const folder = trustedDir(dir, true);
  const file = folder && join(folder, `${createHash('sha256').update(bundle).digest('hex').slice(0, 32)}.bin`);
  const stored = file && readTrusted(file);
  const cachedData =
    stored && stored.length > KEY_BYTES && key.equals(stored.subarray(0, KEY_BYTES)) ? stored.subarray(KEY_BYTES) : undefined;
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
    writeTrusted(file, Buffer.concat([key, script.createCachedData()]));
  };
  return { exports: module.exports, cache, save };
}
