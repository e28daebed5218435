// The first run of a package that came without its build (installed from a git URL, or a fresh
// clone) builds it: esbuild bundles src/ straight into dist/bundle/ (it strips the types, so no
// compiler or other devDependency is needed), then the bundled rule check writes the rule snapshot.
// Nothing runs at install time because npm (checked with 11.19) cannot install a
// git package that has a build or install script: it prepares the clone with an inner global
// install that leaves a link to a deleted folder. Loaded only when dist/ holds no finished build.
//
// Where: in the package folder when it is writable; else (a global install by root, run by a
// user) in the user's cache folder, as a copy of the package's layout whose other entries link
// back to the package, so the paths the code builds from import.meta.url and the packages it
// imports resolve as they would in the package. Two runs starting at once each build in a
// private folder and rename it into place; the rename is atomic, the first one wins, and the
// stamp written last (bundle.mjs) is what makes a folder count as built.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';

// BUILD_STAMP in bundle.mjs, which imports esbuild: too much to load on every run.
const STAMP = 'build-stamp.json';
const CANNOT_WRITE = new Set(['EACCES', 'EPERM', 'EROFS']);
// The package's entries the cache copy links to (dist/ is the one it holds itself).
const LINKED = ['package.json', 'bin', 'detectors', 'node_modules'];

/** A build that failed; the message names the step and the cause. */
export class BuildError extends Error {}

function failed(step, err) {
  const cause = err instanceof Error ? err.message : String(err);
  return new BuildError(`${step}: ${cause.trim()}`);
}

/**
 * The folder whose dist/ holds a finished build of the package at `root`: the package itself or
 * its copy in the user's cache, built now if neither has one.
 */
export async function builtPackage(root) {
  const real = realpathSync(root);
  const cached = cacheCopy(real);
  if (existsSync(join(cached, 'dist', STAMP))) return cached;
  let target = real;
  let work;
  try {
    work = mkdtempSync(join(real, '.dist-build-'));
  } catch (err) {
    if (!CANNOT_WRITE.has(err.code)) throw failed(`create a build folder in ${real}`, err);
    target = cached;
    makeCacheCopy(real, cached);
    try {
      work = mkdtempSync(join(cached, '.dist-build-'));
    } catch (err2) {
      throw failed(`create a build folder in ${cached}`, err2);
    }
  }
  removeAbandoned(target, work);
  try {
    process.stderr.write(`credsweep: building for first use (once) in ${target}\n`);
    await buildInto(real, work);
    commit(work, join(target, 'dist'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return target;
}

// A build folder a run left behind when it was killed; one younger than this may still be in use.
const ABANDONED_MS = 30 * 60 * 1000;

function removeAbandoned(target, work) {
  for (const name of readdirSync(target)) {
    const path = join(target, name);
    if (!name.startsWith('.dist-build-') || path === work) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > ABANDONED_MS) rmSync(path, { recursive: true, force: true });
    } catch {}
  }
}

// `work` sits beside dist/ and stands in for it: the bundle one folder below it finds the
// detectors and package.json where it will find them once `work` is renamed to dist/.
async function buildInto(root, work) {
  let bundler;
  try {
    bundler = await import('./bundle.mjs');
  } catch (err) {
    throw failed('load esbuild (a dependency of credsweep; reinstall it)', err);
  }
  const entries = {
    cli: 'src/cli/main.ts',
    esm: { worker: 'src/scan/worker.ts', 'write-rule-snapshot': 'src/detect/write-rule-snapshot.ts' },
  };
  try {
    await bundler.bundle(root, entries, join(work, 'bundle'), 'silent');
  } catch (err) {
    throw failed(`bundle ${join(root, 'src')} with esbuild`, err);
  }
  const writer = join(work, 'bundle', 'write-rule-snapshot.js');
  const snapshot = spawnSync(process.execPath, [writer], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (snapshot.error || snapshot.status !== 0) {
    throw failed('check the built-in rules and write their snapshot', snapshot.error ?? thrownMessage(snapshot.stderr, snapshot.status));
  }
  rmSync(writer);
  try {
    bundler.writeBuildStamp(root, work, 'first use');
  } catch (err) {
    throw failed('write the build stamp', err);
  }
}

// The message of the error the rule check threw (a rule error names the file, line and key), not
// Node's report of it with the source line and the stack.
function thrownMessage(stderr, status) {
  const line = /^\w*Error(?: \[\w+\])?: (.*)$/m.exec(stderr ?? '');
  return line ? line[1] : stderr || `exit ${status}`;
}

// Renames the finished build to `dist`. A dist/ with a stamp is another run's finished build,
// as good as this one; one without (a build cut short, or compiled before stamps existed) is
// moved out of the way first.
function commit(work, dist) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      renameSync(work, dist);
      return;
    } catch (err) {
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw failed(`move the build into ${dist}`, err);
    }
    if (existsSync(join(dist, STAMP))) return;
    const aside = `${dist}.old-${process.pid}-${attempt}`;
    try {
      renameSync(dist, aside);
    } catch (err) {
      if (err.code !== 'ENOENT') throw failed(`move the unfinished ${dist} aside`, err);
      continue;
    }
    // Another run may have finished in between: then what was moved is its build; put it back.
    if (existsSync(join(aside, STAMP))) {
      try {
        renameSync(aside, dist);
        return;
      } catch {}
    }
    rmSync(aside, { recursive: true, force: true });
  }
  throw new BuildError(`move the build into ${dist}: another process keeps replacing it`);
}

// $XDG_CACHE_HOME/credsweep/<version>-<install id>/package. The id hashes the package's real path
// and the stats of files an install writes anew (inode, size, times), not their content: reading
// every source on each run would cost what the bundle saves. Reinstalling or upgrading the package
// gives a new id, so a cached build never outlives the sources it was made from.
function cacheCopy(real) {
  const xdg = process.env.XDG_CACHE_HOME;
  const cache = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
  const { version } = JSON.parse(readFileSync(join(real, 'package.json'), 'utf8'));
  const id = createHash('sha256').update(real);
  for (const name of ['package.json', 'bin/credsweep.js', 'src']) {
    const s = statSync(join(real, name), { bigint: true });
    id.update(`\n${name}:${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`);
  }
  return join(cache, 'credsweep', `${String(version).replace(/[^\w.+-]/g, '_')}-${id.digest('hex').slice(0, 16)}`, 'package');
}

// Folders private to the user (0700). Packages the install hoisted to the folder around the
// package resolve through a node_modules link one level up, as they would from the package.
function makeCacheCopy(real, cached) {
  try {
    mkdirSync(cached, { recursive: true, mode: 0o700 });
    const owner = statSync(dirname(dirname(cached)));
    if (typeof process.getuid === 'function' && owner.uid !== process.getuid()) {
      throw new Error(`${dirname(dirname(cached))} belongs to another user`);
    }
    for (const name of LINKED) link(join(real, name), join(cached, name));
    const around = dirname(real);
    if (basename(around) === 'node_modules') link(around, join(dirname(cached), 'node_modules'));
  } catch (err) {
    throw failed(`prepare the cache folder ${cached} (the package folder ${real} is not writable)`, err);
  }
}

function link(target, path) {
  if (!existsSync(target)) return;
  try {
    symlinkSync(target, path);
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
  }
}
