// Full-history scans of real repositories against git's own floor, side by side in one run.
// Takes paths of local mirrors (bare repositories kept outside this repository, never committed)
// and prints one markdown row per repository for benchmarks/RESULTS.md:
//
//   floor      git cat-file --batch-all-objects --batch --unordered > /dev/null
//   credsweep  node bin/credsweep.js scan REPO --format json -o FILE --state STATE
//   rerun      the same scan again with the state it just wrote (nothing new: the no-op path)
//
// Each is timed with /usr/bin/time -v (Debian package `time`): wall, CPU (user + sys, less
// sensitive to other load than wall) and peak RSS. The load average is printed with every row,
// since a shared machine moves wall times a lot. --bin compares another build (another
// worktree's bin/credsweep.js) in the same run, interleaved repository by repository.
//
// Run: npm run compile && node benchmarks/real-repos-speed.mjs /path/to/express.git /path/to/redis.git [--runs 1] [--bin OTHER/bin/credsweep.js]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const runs = Number(option('--runs', '1'));
const other = option('--bin', null);
const repos = args;
if (repos.length === 0 || !existsSync('/usr/bin/time')) {
  console.error('usage: node benchmarks/real-repos-speed.mjs REPO... [--runs N] [--bin OTHER_BIN]   (needs /usr/bin/time)');
  process.exit(2);
}
const bins = [{ name: 'this', path: resolve(import.meta.dirname, '../bin/credsweep.js') }];
if (other !== null) bins.push({ name: basename(dirname(dirname(resolve(other)))), path: resolve(other) });
const work = mkdtempSync(join(tmpdir(), 'credsweep-real-'));

// Runs a command under /usr/bin/time -v; returns wall and CPU seconds and peak RSS in MiB.
function timed(command, commandArgs, okCodes = [0]) {
  const run = spawnSync('/usr/bin/time', ['-v', command, ...commandArgs], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const text = run.stderr.toString('utf8');
  const field = (label) => {
    const line = text.split('\n').find((l) => l.trim().startsWith(label));
    return line === undefined ? '' : line.slice(line.lastIndexOf(': ') + 2).trim();
  };
  const code = Number(field('Exit status'));
  if (!okCodes.includes(code)) throw new Error(`${command} ${commandArgs.join(' ')} exited ${code}:\n${text.slice(-3000)}`);
  const clock = field('Elapsed (wall clock) time').split(':').map(Number);
  const wall = clock.reduce((total, part) => total * 60 + part, 0);
  return {
    wall,
    cpu: Number(field('User time (seconds)')) + Number(field('System time (seconds)')),
    rss: Number(field('Maximum resident set size (kbytes)')) / 1024,
  };
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
const best = (list) => ({
  wall: median(list.map((r) => r.wall)),
  cpu: median(list.map((r) => r.cpu)),
  rss: Math.max(...list.map((r) => r.rss)),
});
const git = (repo, ...rest) =>
  execFileSync('git', ['--git-dir', repo, ...rest], { maxBuffer: 1 << 26 })
    .toString('utf8')
    .trim();

console.log(
  `machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${git(repos[0], 'version')}`,
);
console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('');
console.log(
  '| repository | commit | objects | build | floor s (CPU s) | credsweep s (CPU s) | ratio wall / CPU | peak RSS MiB credsweep / git | --state rerun s (CPU s, % of full CPU) | findings | load |',
);
console.log('|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|');
for (const repo of repos) {
  const head = git(repo, 'rev-parse', 'HEAD').slice(0, 12);
  const objects = git(repo, 'cat-file', '--batch-all-objects', '--batch-check=%(objectname)').split('\n').length;
  // One untimed floor run warms the page cache for everyone.
  timed('git', ['--git-dir', repo, 'cat-file', '--batch-all-objects', '--batch', '--unordered']);
  for (const bin of bins) {
    const floor = [];
    const scan = [];
    const rerun = [];
    let findings = 0;
    const loadBefore = loadavg()[0];
    for (let r = 0; r < runs; r++) {
      floor.push(timed('git', ['--git-dir', repo, 'cat-file', '--batch-all-objects', '--batch', '--unordered']));
      const out = join(work, 'findings.json');
      const state = join(work, 'state.json');
      rmSync(state, { force: true });
      const cli = (extra) => [bin.path, 'scan', repo, '--format', 'json', '-o', out, '--no-progress', ...extra];
      // Exit 3 is a scan that named what it could not read (a partial clone's missing blobs): still timed.
      scan.push(timed('node', cli(['--state', state]), [0, 1, 3]));
      findings = JSON.parse(readFileSync(out, 'utf8')).length;
      rerun.push(timed('node', cli(['--state', state]), [0, 1, 3]));
    }
    const [f, s, again] = [best(floor), best(scan), best(rerun)];
    const load = `${loadBefore.toFixed(1)}-${loadavg()[0].toFixed(1)}`;
    console.log(
      `| ${basename(repo.replace(/\/repo\/?$/, ''))} | ${head} | ${objects.toLocaleString('en')} | ${bin.name} | ${f.wall.toFixed(1)} (${f.cpu.toFixed(1)}) | ` +
        `${s.wall.toFixed(1)} (${s.cpu.toFixed(1)}) | ${(s.wall / f.wall).toFixed(1)}x / ${(s.cpu / f.cpu).toFixed(1)}x | ` +
        `${Math.round(s.rss)} / ${Math.round(f.rss)} | ${again.wall.toFixed(2)} (${again.cpu.toFixed(2)}, ${((100 * again.cpu) / s.cpu).toFixed(1)}%) | ${findings} | ${load} |`,
    );
  }
}
rmSync(work, { recursive: true, force: true });
