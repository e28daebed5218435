// Ends the process as soon as a command is done, instead of letting the event loop drain: after
// the last handle closes, Node tears down the heap and its platform, some 5-8 ms of a pre-commit
// scan on a machine where freeing and faulting pages is slow. Only when that is all that is left:
// the loop holds nothing but the process's own stdio (no child, timer, socket or file request)
// and neither stdout nor stderr has bytes waiting (pipes are asynchronous on some systems, and
// process.exit would cut what they hold). Otherwise the process ends as before.
//
// Node 20 does not list a running worker thread, or a job on its thread pool (async zlib or
// crypto), among those resources: this would end the process under them. So bin/ calls it for
// the pre-commit scan only, which runs on this thread and awaits everything it starts.
//
// CommonJS, as bin/credsweep.js is.

// What Node lists for a process's own stdin, stdout and stderr when they are pipes or terminals.
const STDIO = new Set(['PipeWrap', 'TTYWrap']);

/**
 * Whether nothing but stdio is left: `resources` as process.getActiveResourcesInfo() lists them,
 * `streams` the process's stdout and stderr.
 */
function onlyStdioLeft(resources, streams) {
  return resources.length <= 3 && resources.every((type) => STDIO.has(type)) && streams.every((s) => s.writableLength === 0);
}

/** Ends the process with `code` now if nothing but stdio is left; else sets process.exitCode. */
async function exitEarly(code) {
  process.exitCode = code;
  // A request that has just completed stays listed until the loop's next turn.
  await new Promise((resolve) => setImmediate(resolve));
  if (onlyStdioLeft(process.getActiveResourcesInfo(), [process.stdout, process.stderr])) process.exit(code);
}

module.exports = { exitEarly, onlyStdioLeft };
