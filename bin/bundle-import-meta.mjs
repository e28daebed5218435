// Injected by bin/bundle.mjs into the CommonJS bundle of the CLI, where esbuild replaces every
// import.meta.url with this: the bundle's own URL, which the code resolves its neighbours from.
export const credsweepImportMetaUrl = require('node:url').pathToFileURL(__filename).href;
