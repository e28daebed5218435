// glibc gives each thread a malloc arena and keeps what an ended thread freed in that arena
// instead of returning it to the system. A history scan ends its scan threads before it traces
// history on the main thread, so with glibc's default arena count the trace sits on top of their
// leftovers: git.git peaked at 561 MiB, and at 443 MiB with two arenas, for the same CPU
// (benchmarks/RESULTS.md). glibc reads the limit only when a process starts, so a scan that may
// start scan threads runs in a child process started with it set. A pre-commit or pre-push scan
// (one thread, and start-up is what counts there) and a user's own setting are left alone.
//
// A sweep's rerun (--state, its file written) usually has little or nothing new to read, and then
// the child's start is most of its cost; so such a run starts in this process and starts again
// only once it has found that it will read many objects or fetch (src/scan/thread-start.ts).
// Other scans start the child at once: this process, having loaded the CLI and the rules, would
// hold some 40 MiB more while the child scans.

const ONE_THREAD = new Set(['--staged', '--pre-push', '--since-commit', '--log-opts', '-', '--help', '-h']);

/** Whether this run may start again with the arena limit set. */
function wantsArenaLimit(argv, env, platform) {
  if (platform !== 'linux' || env.MALLOC_ARENA_MAX !== undefined || env.GLIBC_TUNABLES !== undefined) return false;
  if (argv[2] !== 'scan') return false;
  return !argv.slice(3).some((arg) => ONE_THREAD.has(arg.split('=')[0]));
}

/**
 * Whether a run that wants the limit should first find out whether it needs it: a sweep's rerun,
 * not its first run (a `--state` file not written yet), which reads everything.
 */
function startsHereFirst(argv, exists = require('node:fs').existsSync) {
  const args = argv.slice(3);
  const at = args.findIndex((arg) => arg.split('=')[0] === '--state');
  if (at < 0) return false;
  const arg = args[at];
  const file = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[at + 1];
  return file === undefined || file.startsWith('s3://') || exists(file);
}

/**
 * Runs this command again in a child with MALLOC_ARENA_MAX=2, the same stdio, and the signals
 * this process receives passed on; resolves with its exit code (null when it could not start).
 */
async function runWithArenaLimit() {
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, MALLOC_ARENA_MAX: '2' },
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  // A Ctrl-C reaches both processes; the child handles it (temp folders removed, exit 130).
  const pass = (signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, pass);
  const [code, signal] = await new Promise((resolve) => {
    child.once('error', () => resolve([null, null]));
    child.once('exit', (c, s) => resolve([c, s]));
  });
  for (const s of signals) process.off(s, pass);
  if (signal !== null) {
    process.kill(process.pid, signal);
    return 128;
  }
  return code;
}

module.exports = { runWithArenaLimit, startsHereFirst, wantsArenaLimit };
