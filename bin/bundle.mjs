// Bundles the CLI and the scan worker into dist/bundle/, which bin/credsweep.js runs. A pre-commit
// hook pays Node's start-up plus whatever it loads: one module per source file (some 150 of them,
// plus commander's CommonJS files) cost more than the scan of a few staged files.
//
// The CLI is one CommonJS file, main.cjs: Node 20 keeps no compiled code for ES modules between
// runs, but a script compiled through node:vm can be given V8's code cache, so bin/code-cache.cjs
// runs it without parsing and compiling it again (issue 18 measured -40 CPU-ms per start against
// the ES-module bundle). What a command loads lazily (the AWS code, archives, incident reports)
// sits in the same file but is only evaluated when a command needs it. The scan worker stays an
// ES-module bundle with code splitting: it starts only for scans big enough to use threads.
//
// Run as a script (the last step of `npm run compile`) it bundles the JavaScript tsc wrote, so the
// bundle runs exactly the code the tests run. The first run of a package that came without dist/
// (a git install, a fresh clone) bundles src/ directly through `bundle()`: esbuild strips the types,
// so no compiler is needed (bin/first-use-build.mjs).
//
// Everything bundled sits one folder below dist/, like the modules it came from, so the paths
// they build from import.meta.url (the rule snapshot, the detectors, package.json, the worker)
// lead to the same files. Native and heavy packages stay outside (re2, the tokenizer, yaml, the
// AWS SDK, isomorphic-git, the archive readers): they load from node_modules as before.
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Written last into dist/ by every build: its presence is what tells bin/credsweep.js that the
 * bundle and the rule snapshot beside it are complete.
 */
export const BUILD_STAMP = 'build-stamp.json';

// Small pure-JavaScript packages every command loads.
const BUNDLED = new Set(['commander', 'p-queue', 'p-timeout', 'eventemitter3', 'ignore']);

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const externals = {
  name: 'credsweep-externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED.has(packageName(args.path)) ? undefined : { path: args.path, external: true }));
  },
};

/** The CLI's bundle in dist/bundle/, the file bin/credsweep.js runs. */
export const CLI_BUNDLE = 'main.cjs';

// A source with one character beyond ASCII is held by V8 as two bytes a character: reading it
// (UTF-8 decoding 875 KB), wrapping it and handing it to V8 cost a start 2-3 ms more than ASCII.
// esbuild escapes what is beyond ASCII in strings, regexes and names, not in the comments it
// keeps (a package's docs: an emoji, a `≥`); a \u escape of each UTF-16 unit reads the same in a
// comment, and means the same in a string or regex were one ever left.
function escapeBeyondAscii(file) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(file, ascii);
}

// What CommonJS lacks: import.meta.url, which the code uses to find the files around it.
const IMPORT_META_URL = fileURLToPath(new URL('./bundle-import-meta.mjs', import.meta.url));

/**
 * Bundles the CLI `cli` (a file relative to `root`) into `outdir`/main.cjs and the ES-module
 * entries `esm` (name to file) beside it, `outdir` emptied first. esbuild reports problems on
 * stderr at `logLevel`, and throws when the build fails.
 */
export async function bundle(root, { cli, esm }, outdir, logLevel = 'warning') {
  rmSync(outdir, { recursive: true, force: true });
  const common = {
    absWorkingDir: root,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    plugins: [externals],
    logLevel,
  };
  await build({
    ...common,
    entryPoints: { [CLI_BUNDLE.replace(/\.cjs$/, '')]: cli },
    // Names are not kept: keepNames defines `name` on every function esbuild emits (1,045 calls,
    // some in code run per rule or per blob), about 3 ms of a staged scan's start. esbuild renames
    // only a top-level name two modules share (a stack trace may then say `fail2`); the error
    // classes, which name themselves after their class (errors.ts), are checked by a test.
    keepNames: false,
    outExtension: { '.js': '.cjs' },
    // Whitespace and comments only: every start holds the whole file twice (its bytes, then V8's
    // string), and 245 KB less of each (900 KB to 657 KB) was some 7 ms of a pre-commit scan where
    // each new page of memory costs a fault. Names stay, so a stack still names its functions.
    minifyWhitespace: true,
    format: 'cjs',
    define: { 'import.meta.url': 'credsweepImportMetaUrl' },
    // import() of a package becomes require(): code compiled through node:vm has no module loader.
    supported: { 'dynamic-import': false },
    inject: [IMPORT_META_URL],
  });
  escapeBeyondAscii(join(outdir, CLI_BUNDLE));
  await build({
    ...common,
    entryPoints: esm,
    // Not kept either: in the scan threads keepNames runs `__name` each time a closure is made,
    // per blob and per job (0.3 CPU-s of a whole redis scan's profile). The error classes keep
    // their names as in the CLI's bundle (checked by the same test).
    keepNames: false,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunk-[hash]',
    // commander is CommonJS and calls require() for Node's modules, which an ES module lacks.
    banner: { js: "import { createRequire as credsweepRequire } from 'node:module'; const require = credsweepRequire(import.meta.url);" },
  });
}

/** Marks the build in `distDir` (a folder of the package's root `root`) complete; `how` names the build. */
export function writeBuildStamp(root, distDir, how) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(join(distDir, BUILD_STAMP), `${JSON.stringify({ version, how, at: new Date().toISOString() })}\n`);
}

if (process.argv[1] && realpathSync(resolve(process.argv[1])) === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const dist = join(root, 'dist');
  await bundle(root, { cli: 'dist/cli/main.js', esm: { worker: 'dist/scan/worker.js' } }, join(dist, 'bundle'));
  writeBuildStamp(root, dist, 'npm run compile');
}
