#!/usr/bin/env node
// The executable: everything lives in dist/ (bundled into dist/bundle by bin/bundle.mjs, so
// a pre-commit hook loads one file, compiled from V8's code cache: bin/code-cache.mjs); this only
// hands over argv and the exit code.
// A package that came without dist/ (a git install, a fresh clone) builds it on its first run.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The AWS SDK warns on every run under Node 20 that its future releases will need Node 22: advice
// for whoever upgrades the SDK (this project, which pins it), not for a user running a scan.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true';

let base = new URL('..', import.meta.url);
let built = existsSync(new URL('dist/build-stamp.json', base));
if (!built) {
  const { builtPackage } = await import('./first-use-build.mjs');
  try {
    base = pathToFileURL(`${await builtPackage(fileURLToPath(base))}/`);
    built = true;
  } catch (err) {
    process.stderr.write(`credsweep: could not build for first use: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  }
}
if (built) {
  const { runWithArenaLimit, wantsArenaLimit } = await import('./arena-limit.mjs');
  const code = wantsArenaLimit(process.argv, process.env, process.platform) ? await runWithArenaLimit() : null;
  if (code !== null) process.exitCode = code;
  else {
    const { loadWithCodeCache } = await import('./code-cache.mjs');
    const cli = loadWithCodeCache(fileURLToPath(new URL('dist/bundle/main.cjs', base)));
    process.exitCode = await cli.exports.main(process.argv);
    cli.save();
  }
}
