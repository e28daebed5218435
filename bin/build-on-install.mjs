#!/usr/bin/env node
// Builds dist/ when this package is installed from its sources: `npm ci` in a checkout, the
// pre-commit framework's install of its clone, a git dependency. An installed tarball has no src/
// and is already built, so there it only records its rule files' stats.
//
// It is a `postinstall` script, not `prepare`/`prepack`, because npm prints a banner on stdout for
// every script `npm pack` runs, and the pre-commit framework reads `npm pack`'s stdout as the
// tarball's file name. For the same reason everything the build prints goes to stderr.
//
// When the compiler is absent (`npm ci --omit=dev`, NODE_ENV=production), the build happens in a
// private copy of the sources with their own locked dependencies and only dist/ is copied back.
// Install scripts are off there except re2's, which the build's rule check needs: it fetches
// re2's prebuilt binary, or compiles it when the binary cannot be fetched.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'src'))) {
  // Record the unpacked rule files' stats beside the rule snapshot, so that each start can trust
  // the snapshot without reading 700+ files (dist/detect/snapshot-stat-stamp.js). Best effort.
  try {
    (await import('../dist/detect/rule-snapshot.js')).stampSnapshot();
  } catch {}
  process.exit(0);
}
const BUILD_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'detectors', 'bin'];

// Global mode and the global prefix would send an install anywhere but the folder it runs in.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^npm_config_(global|prefix|location|omit|production|only|include)$/i.test(name)),
);

// Runs the npm that runs this script (npm_execpath is its CLI) in `cwd`.
function npm(cwd, args) {
  const cli = process.env.npm_execpath;
  const [command, argv] = cli ? [process.execPath, [cli, ...args]] : ['npm', args];
  const result = spawnSync(command, argv, { cwd, env, stdio: ['ignore', 2, 2] });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    process.stderr.write(`credsweep build: \`npm ${args.join(' ')}\` failed in ${cwd} (exit ${result.status})\n`);
    process.exit(result.status ?? 1);
  }
}

// `npm install -g git+URL`: npm (11 and older, npm/cli#8440 and #3692) prepares the clone with an
// inner install in global mode that links the global package to this temporary clone, which npm
// deletes right after: whatever gets built here, the install ends as a dangling link. Say so now.
if (process.env.npm_config_global === 'true' && /[\\/]_cacache[\\/]tmp[\\/]git-clone/.test(root)) {
  process.stderr.write(
    [
      'credsweep: npm cannot install a git URL globally when the package has a build step (npm/cli#8440):',
      'it would leave a link to a deleted folder. Install the packed tarball instead:',
      '  npm install -g "$(npm pack --silent <the same git URL>)"',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

if (existsSync(join(root, 'node_modules', 'typescript', 'package.json'))) {
  npm(root, ['run', 'build']);
} else {
  process.stderr.write('credsweep build: no TypeScript compiler here; building in a private copy\n');
  const work = mkdtempSync(join(tmpdir(), 'credsweep-build-'));
  try {
    for (const name of BUILD_INPUTS) cpSync(join(root, name), join(work, name), { recursive: true });
    npm(work, ['ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);
    npm(work, ['rebuild', 're2', '--loglevel=error']);
    npm(work, ['run', 'build']);
    rmSync(join(root, 'dist'), { recursive: true, force: true });
    cpSync(join(work, 'dist'), join(root, 'dist'), { recursive: true });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
