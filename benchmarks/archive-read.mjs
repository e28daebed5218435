#!/usr/bin/env node
// How fast, and in how much memory, credsweep reads the members of code bundles (the archive
// walker s3:// objects go through), against the system's own tools on the same archives:
//   node benchmarks/archive-read.mjs [DIR] [--runs 3]
// DIR (default: this checkout's node_modules) is packed once into benchmarks/.work/ as a .tar.gz
// (`tar czf`) and a .zip (`zip -qr`). Then, run by run:
//   (a) `tar xzOf X.tar.gz > /dev/null` and `unzip -p X.zip > /dev/null`: inflate every member;
//   (b) credsweep's walkStream / walkZip over the same files read from disk: inflate every member
//       into memory, as a scan does (detection not included: that is scan-history's subject).
// Prints medians and the peak RSS of (b), which stays near one member's size, not the archive's.
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const { walkStream, walkZip, DEFAULT_ARCHIVE_LIMITS } = await import(join(ROOT, 'dist/sources/archive/archive-walk.js'));
const yauzl = (await import('yauzl')).default;

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 3);
const dir = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? join(ROOT, 'node_modules'));
const work = join(ROOT, 'benchmarks/.work');
mkdirSync(work, { recursive: true });
const tgz = join(work, 'bundle.tar.gz');
const zip = join(work, 'bundle.zip');
if (!existsSync(tgz)) execFileSync('tar', ['czf', tgz, '-C', dir, '.']);
if (!existsSync(zip)) execFileSync('zip', ['-qr', zip, '.'], { cwd: dir });

const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxBlobSize: 50 * 1024 * 1024, maxExpandedBytes: 64 * 1024 ** 3, maxEntries: 10_000_000 };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeShell(command) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', command], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${command} failed`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);

async function timeWalk(items) {
  const t0 = process.hrtime.bigint();
  let members = 0;
  let bytes = 0;
  for await (const item of items) {
    if (item.kind === 'file') {
      members++;
      bytes += item.data.length;
    } else if (item.kind === 'issue') throw new Error(item.message);
  }
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, members, bytes };
}

const results = { tarCli: [], unzipCli: [], tgz: [], zip: [] };
let counts = null;
for (let r = 0; r < runs; r++) {
  results.tarCli.push(timeShell(`tar xzOf '${tgz}' > /dev/null`));
  results.unzipCli.push(timeShell(`unzip -p '${zip}' > /dev/null`));
  const a = await timeWalk(walkStream(createReadStream(tgz), 'bundle.tar.gz', 'tgz', limits));
  const b = await timeWalk(walkZip(() => yauzl.openPromise(zip, { lazyEntries: true, decodeStrings: false }), 'bundle.zip', limits));
  results.tgz.push(a.seconds);
  results.zip.push(b.seconds);
  counts = { tgz: a, zip: b };
}
clearInterval(sampler);
const mb = (n) => (n / 1e6).toFixed(1);
console.log(`machine: ${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, node ${process.version}`);
console.log(
  `input: ${dir}; tar.gz ${mb(statSync(tgz).size)} MB, zip ${mb(statSync(zip).size)} MB; ${counts.tgz.members} members, ${mb(counts.tgz.bytes)} MB inflated`,
);
console.log(`| runs | tar xzOf s | credsweep tar.gz s | unzip -p s | credsweep zip s | credsweep peak RSS MB |`);
console.log(`|---|---|---|---|---|---|`);
console.log(
  `| ${runs} | ${median(results.tarCli).toFixed(2)} | ${median(results.tgz).toFixed(2)} | ${median(results.unzipCli).toFixed(2)} | ${median(results.zip).toFixed(2)} | ${mb(peak)} |`,
);
