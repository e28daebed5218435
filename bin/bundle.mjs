// Bundles the compiled CLI (dist/cli/main.js) and the scan worker into dist/bundle/, which
// bin/credsweep.js runs. A pre-commit hook pays Node's start-up plus whatever it loads: one
// module per source file (some 150 of them, plus commander's CommonJS files) cost more than the
// scan of a few staged files. Code splitting keeps what a command loads lazily (the AWS code,
// archives, incident reports) in chunks of its own, loaded only by the commands that need them.
//
// It bundles the JavaScript tsc wrote, so the bundle runs exactly the code the tests run.
// Everything bundled sits one folder below dist/, like the modules it came from, so the paths
// they build from import.meta.url (the rule snapshot, the detectors, package.json, the worker)
// lead to the same files. Native and heavy packages stay outside (re2, the tokenizer, yaml, the
// AWS SDK, isomorphic-git, the archive readers): they load from node_modules as before.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');

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

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'dist/cli/main.js', worker: 'dist/scan/worker.js' },
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
  logLevel: 'warning',
});
