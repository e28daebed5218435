// Where a scan's memory is, over time and by thread: preload this module and every thread (the
// main one and each scan worker, which inherit the flag) appends process.memoryUsage() to a log
// whenever its event loop is free (a worker samples between jobs), plus the process's thread
// count from the main thread, so the phase shows (scan threads alive, or ended before provenance).
// Run: MEMORY_PROBE_OUT=/tmp/probe.log node --import ./benchmarks/memory-probe.mjs bin/credsweep.js scan REPO ...
// Optional MEMORY_PROBE_MS (default 1000) sets the interval. Lines: seconds, thread, rss, V8 heap
// used/total, external and ArrayBuffer MiB (ArrayBuffers include shared memory each thread sees).
import { appendFileSync, readFileSync } from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';

const out = process.env.MEMORY_PROBE_OUT ?? '/tmp/memory-probe.log';
if (isMainThread) process.env.MEMORY_PROBE_T0 = String(Date.now());
const t0 = Number(process.env.MEMORY_PROBE_T0);
const mib = (n) => Math.round(n / 2 ** 20);

function sample() {
  const m = process.memoryUsage();
  const threads = isMainThread ? ` threads=${readFileSync('/proc/self/status', 'utf8').match(/Threads:\s+(\d+)/)?.[1]}` : '';
  const at = ((Date.now() - t0) / 1000).toFixed(1);
  const line = `${at} t${threadId} rss=${mib(m.rss)} heap=${mib(m.heapUsed)}/${mib(m.heapTotal)} ext=${mib(m.external)} ab=${mib(m.arrayBuffers)}${threads}`;
  appendFileSync(out, `${line}\n`);
}

setInterval(sample, Number(process.env.MEMORY_PROBE_MS ?? 1000)).unref();
sample();
