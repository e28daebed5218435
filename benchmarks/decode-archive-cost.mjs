// The cost of the decoding layer and of opening archives on a real repository's history: the
// same build scans the same repository with each switched off and on, interleaved run by run
// (the machine is shared, so only rows of one invocation compare). Prints one Markdown row per
// variant: median wall and CPU seconds (user + system, all threads, from /usr/bin/time, which a
// loaded machine disturbs less than wall time), their gaps to "both off", peak RSS, findings.
//
//   node benchmarks/decode-archive-cost.mjs REPO [--runs 3] [--bin path/to/credsweep.js]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
const cpu = new Map(VARIANTS.map(([name]) => [name, []]));
const rss = new Map(VARIANTS.map(([name]) => [name, []]));
const dir = mkdtempSync(join(tmpdir(), 'cs-bench-'));
const timeFile = join(dir, 'time');
const facts = new Map();
for (let run = 0; run < runs; run++) {
  for (const [name, extra] of VARIANTS) {
    const started = process.hrtime.bigint();
    const command = [process.execPath, bin, 'scan', repo, '-f', 'json', '--no-progress', '--fail-on', 'none', ...extra];
    const out = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, ...command], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (out.status !== 0 && out.status !== 3) throw new Error(`${name}: exit ${out.status}: ${out.stderr}`);
    times.get(name).push(seconds);
    const [user, system, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpu.get(name).push(user + system);
    rss.get(name).push(kb / 1024);
    const blobs = /in ([\d,]+) blobs/.exec(out.stderr)?.[1] ?? '?';
    facts.set(name, { findings: JSON.parse(out.stdout).length, blobs, exit: out.status });
  }
}
rmSync(dir, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gap = (m, base) => `${(((m - base) / base) * 100).toFixed(1)}%`;
const baseWall = median(times.get('both off'));
const baseCpu = median(cpu.get('both off'));
console.log(
  '| variant | runs | wall s (median) | wall vs off | CPU s (median) | CPU vs off | peak RSS MB | findings | blobs scanned | exit |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const [name] of VARIANTS) {
  const wall = median(times.get(name));
  const c = median(cpu.get(name));
  const f = facts.get(name);
  const off = name === 'both off';
  console.log(
    `| ${name} | ${runs} | ${wall.toFixed(2)} | ${off ? '' : gap(wall, baseWall)} | ${c.toFixed(2)} | ${off ? '' : gap(c, baseCpu)} | ${Math.round(Math.max(...rss.get(name)))} | ${f.findings} | ${f.blobs} | ${f.exit} |`,
  );
}
