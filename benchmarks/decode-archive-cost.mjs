// The cost of the decoding layer and of opening archives on a real repository's history: the
// same build scans the same repository with each switched off and on, interleaved run by run
// (the machine is shared, so only rows of one invocation compare). Prints one Markdown row per
// variant: median wall seconds, its gap to "both off", findings, and blobs scanned.
//
//   node benchmarks/decode-archive-cost.mjs REPO [--runs 3] [--bin path/to/credsweep.js]
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const repo = args[0];
if (!repo) throw new Error('usage: decode-archive-cost.mjs REPO [--runs N] [--bin FILE]');
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 3 : Number(args[runsAt + 1]);
const binAt = args.indexOf('--bin');
const bin = binAt === -1 ? resolve(import.meta.dirname, '../bin/credsweep.js') : resolve(args[binAt + 1]);

const VARIANTS = [
  ['both off', ['--decode-depth', '0', '--max-archive-depth', '0']],
  ['decoding only', ['--max-archive-depth', '0']],
  ['archives only', ['--decode-depth', '0']],
  ['both on (default)', []],
];

const times = new Map(VARIANTS.map(([name]) => [name, []]));
const facts = new Map();
for (let run = 0; run < runs; run++) {
  for (const [name, extra] of VARIANTS) {
    const started = process.hrtime.bigint();
    const out = spawnSync(process.execPath, [bin, 'scan', repo, '-f', 'json', '--no-progress', '--fail-on', 'none', ...extra], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (out.status !== 0 && out.status !== 3) throw new Error(`${name}: exit ${out.status}: ${out.stderr}`);
    times.get(name).push(seconds);
    const blobs = /in ([\d,]+) blobs/.exec(out.stderr)?.[1] ?? '?';
    facts.set(name, { findings: JSON.parse(out.stdout).length, blobs, exit: out.status });
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times.get('both off'));
console.log('| variant | runs | median s | vs both off | findings | blobs scanned | exit |');
console.log('|---|---|---|---|---|---|---|');
for (const [name] of VARIANTS) {
  const m = median(times.get(name));
  const f = facts.get(name);
  console.log(`| ${name} | ${runs} | ${m.toFixed(2)} | ${name === 'both off' ? '' : `${(((m - base) / base) * 100).toFixed(1)}%`} | ${f.findings} | ${f.blobs} | ${f.exit} |`);
}
