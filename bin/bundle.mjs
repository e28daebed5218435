// Bundles the CLI and the scan worker into dist/bundle/, which bin/credsweep.js runs. A pre-commit
// hook pays Node's start-up plus whatever it loads: one module per source file (some 150 of them,
// plus commander's CommonJS files) cost more than the scan of a few staged files. Code splitting
// keeps what a command loads lazily (the AWS code, archives, incident reports) in chunks of its
// own, loaded only by the commands that need them.
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

/**
 * Bundles `entryPoints` (name to file, relative to `root`) into `outdir`, emptied first. esbuild
 * reports problems on stderr at `logLevel`, and throws when the build fails.
 */
export async function bundle(root, entryPoints, outdir, logLevel = 'warning') {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunk-[hash]',
    // Error classes name themselves after their class (errors.ts): renaming would change messages.
    keepNames: true,
    // commander is CommonJS and calls require() for Node's modules, which an ES module lacks.
    banner: { js: "import { createRequire as credsweepRequire } from 'node:module'; const require = credsweepRequire(import.meta.url);" },
    plugins: [externals],
    logLevel,
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
  await bundle(root, { main: 'dist/cli/main.js', worker: 'dist/scan/worker.js' }, join(dist, 'bundle'));
  writeBuildStamp(root, dist, 'npm run compile');
}
