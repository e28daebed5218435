#!/usr/bin/env node
// The executable: everything lives in dist/ (bundled into dist/bundle by bin/bundle.mjs, so
// a pre-commit hook loads a few files, not every module); this only hands over argv and the exit code.

// The AWS SDK warns on every run under Node 20 that its future releases will need Node 22: advice
// for whoever upgrades the SDK (this project, which pins it), not for a user running a scan.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true';

const { main } = await import('../dist/bundle/main.js');
process.exitCode = await main(process.argv);
