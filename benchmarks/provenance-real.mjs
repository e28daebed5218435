// Provenance alone on a real repository: the commit-graph walk a history scan runs after the
// object scan, for a fixed, deterministic set of wanted blobs (every blob whose id starts with
// `--prefix`, default "00", about 1 in 256). Prints CPU time (less sensitive to other load
// than wall time), wall time, trees read and heap use, so a change to the walk can be measured
// on its own without scanning, and a digest of the answer to check that it did not change.
// Run: npm run compile && node benchmarks/provenance-real.mjs /path/to/mirror.git [--prefix 00]
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { locateRepository } from '../dist/sources/git/repo-layout.js';
import { ObjectStore } from '../dist/sources/git/object-store.js';
import { computeProvenance } from '../dist/sources/git/provenance.js';
import { readRefs, readShallow } from '../dist/sources/git/refs.js';

const args = process.argv.slice(2);
const repo = args[0];
const prefixAt = args.indexOf('--prefix');
const prefix = prefixAt >= 0 ? args[prefixAt + 1] : '00';
if (repo === undefined) {
  console.error('usage: node benchmarks/provenance-real.mjs REPO [--prefix HEX]');
  process.exit(2);
}
const layout = await locateRepository(repo);
const scatteredAt = args.indexOf('--scattered');
const store = ObjectStore.open(layout, scatteredAt >= 0 ? { scatteredBytes: Number(args[scatteredAt + 1]) } : {});
const commits = [];
const wanted = new Set();
for (const loc of store.enumerate()) {
  const type = store.objectType(loc);
  if (type === 'commit') commits.push(loc.oid);
  else if (type === 'blob' && loc.oid.startsWith(prefix)) wanted.add(loc.oid);
}
const refs = readRefs(layout, store);
const cpu = process.cpuUsage();
const wall = performance.now();
const result = computeProvenance(store, { refs, commits, wanted, shallow: readShallow(layout) });
const used = process.cpuUsage(cpu);
let intros = 0;
for (const p of result.blobs.values()) intros += p.introductions.length;
// A digest of every blob's provenance, so two builds' walks can be checked for the same answer.
const digest = createHash('sha256');
for (const blob of [...result.blobs.keys()].sort()) digest.update(`${blob} ${JSON.stringify(result.blobs.get(blob))}\n`);
console.log(
  JSON.stringify({
    repo,
    commits: commits.length,
    wanted: wanted.size,
    introductions: intros,
    issues: result.issues.length,
    digest: digest.digest('hex').slice(0, 16),
    cpuSeconds: +((used.user + used.system) / 1e6).toFixed(2),
    wallSeconds: +((performance.now() - wall) / 1000).toFixed(2),
    heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    load: loadavg()[0].toFixed(1),
  }),
);
store.close();
