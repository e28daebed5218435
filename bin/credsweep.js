#!/usr/bin/env node
// The executable: everything lives in dist/ (bundled into dist/bundle by bin/bundle.mjs, so
// a pre-commit hook loads one file, compiled from V8's code cache: bin/code-cache.cjs); this only
// hands over argv and the exit code.
// A package that came without dist/ (a git install, a fresh clone) builds it on its first run.
// CommonJS (bin/package.json): an ES module entry costs every start some 6 ms of Node's module
// loader, which a pre-commit hook pays on every commit.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// The AWS SDK warns on every run under Node 20 that its future releases will need Node 22: advice
// for whoever upgrades the SDK (this project, which pins it), not for a user running a scan.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true';

async function run() {
  let base = join(__dirname, '..');
  let built = existsSync(join(base, 'dist/build-stamp.json'));
  if (!built) {
    const { builtPackage } = await import('./first-use-build.mjs');
    try {
      base = await builtPackage(base);
      built = true;
    } catch (err) {
      process.stderr.write(`credsweep: could not build for first use: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    }
  }
  if (!built) return;
  const { runWithArenaLimit, startsHereFirst, wantsArenaLimit } = require('./arena-limit.cjs');
  const limit = wantsArenaLimit(process.argv, process.env, process.platform);
  const here = limit && startsHereFirst(process.argv);
  let code = limit && !here ? await runWithArenaLimit() : null;
  let preCommit = false;
  if (code === null) {
    const { PRE_COMMIT_SHAPE, codeCacheDir, commandShape, loadWithCodeCache } = require('./code-cache.cjs');
    const shape = commandShape(process.argv);
    preCommit = shape === PRE_COMMIT_SHAPE;
    const cli = loadWithCodeCache(join(base, 'dist/bundle/main.cjs'), codeCacheDir(), shape);
    code = await cli.exports.main(process.argv, { startAgainBeforeThreads: here });
    // A run stopped at the gate compiled only a scan's first steps: the child writes the cache.
    let ranHere = true;
    if (code === cli.exports.START_AGAIN) {
      const child = await runWithArenaLimit();
      ranHere = child === null;
      code = child ?? (await cli.exports.main(process.argv));
    }
    if (ranHere) cli.save();
  }
  // Only the pre-commit scan ends early (bin/exit-early.cjs): its work runs on this thread and is
  // awaited, and the check cannot see every kind of work another command might leave running.
  if (preCommit) await require('./exit-early.cjs').exitEarly(code);
  else process.exitCode = code;
}

run();
