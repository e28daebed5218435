#!/usr/bin/env node
// How far a pre-commit scan is from what any scan of a staged change must do in Node:
//   node benchmarks/staged-floor.mjs REPO [--runs 30] [--bin path/to/bin/credsweep.js]...
//
// REPO is a work tree with a staged change (e.g. a clone of a real repository with a few files
// edited and `git add`ed). In the same run, round after round in alternating order:
// - `node -e 0`, Node's own start;
// - the floor, in five cumulative steps of one small script (written to a temp folder): load the
//   Node modules a staged scan needs (fs, zlib, child_process), then re2, then read and parse the
//   rule snapshot (dist/builtin-rules.json), then read the keyword tables (dist/keyword-tables.bin),
//   then run `git diff --cached` in REPO and wait for it. No detection, no output: less than
//   credsweep can do, so the gap between the last step and credsweep is our own code;
// - `node BIN scan --staged -q` for each --bin (default: this checkout's);
// - `git secrets --pre_commit_hook` when git-secrets is installed and has patterns for REPO
//   (`git secrets --list` exits 0; `git secrets --register-aws` in REPO adds the AWS ones).
// Prints a markdown table: median and fastest wall time, median CPU time (user + sys) and minor
// page faults (from /usr/bin/time, Debian package `time`), and the median above `node -e 0`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const TIME = '/usr/bin/time';

function parseArgs(argv) {
  const out = { repo: '', runs: 30, bins: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') out.runs = Number(argv[++i]);
    else if (arg === '--bin') out.bins.push(resolve(argv[++i] ?? ''));
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else out.repo = resolve(arg);
  }
  if (out.repo === '') throw new Error('usage: staged-floor.mjs REPO [--runs 30] [--bin BIN]...');
  if (!(out.runs >= 1)) throw new Error('--runs must be a positive number');
  if (out.bins.length === 0) out.bins.push(join(ROOT, 'bin/credsweep.js'));
  return out;
}

// The floor's steps: argv[2] says how many to take. `git diff` as credsweep runs it, minus the
// `-c` settings that only keep the repository's config from starting programs.
function floorScript() {
  const re2 = JSON.stringify(join(ROOT, 'node_modules/re2'));
  const rules = JSON.stringify(join(ROOT, 'dist/builtin-rules.json'));
  const tables = JSON.stringify(join(ROOT, 'dist/keyword-tables.bin'));
  return `const steps = Number(process.argv[2]);
const fs = require('node:fs');
require('node:zlib');
const { execFile } = require('node:child_process');
if (steps >= 1) require(${re2});
if (steps >= 2) JSON.parse(fs.readFileSync(${rules}, 'latin1'));
if (steps >= 3) fs.readFileSync(${tables});
if (steps >= 4) execFile('git', ['diff', '--cached', '--no-ext-diff', '--no-textconv', '--no-color', '--no-relative', '--full-index', '--unified=0', '--find-renames', '--ignore-submodules=all', '--diff-filter=ACMRT'], { maxBuffer: 1 << 30 }, (err) => { if (err) process.exitCode = 2; });
`;
}

// One run of `command`: wall ms, CPU ms and minor faults. Exit 1 is a finding (credsweep) or a
// match (git-secrets), and counts like 0: a change with a secret in it is a fair thing to time.
function measure([command, ...args], cwd) {
  const started = performance.now();
  const run = spawnSync(TIME, ['-f', '%U %S %R', command, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = performance.now() - started;
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${String(run.stderr).slice(-400)}`);
  const [user, sys, faults] = String(run.stderr).trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: (user + sys) * 1000, faults };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing (apt-get install time)`);
  if (!existsSync(join(ROOT, 'dist/builtin-rules.json'))) throw new Error('dist/ is missing: run `npm run compile` first');
  const staged = spawnSync('git', ['diff', '--cached', '--name-only'], { cwd: args.repo, encoding: 'utf8' });
  if (staged.status !== 0 || staged.stdout.trim() === '') throw new Error(`${args.repo}: no staged change to scan`);
  const dir = mkdtempSync(join(tmpdir(), 'credsweep-floor-'));
  try {
    const script = join(dir, 'floor.cjs');
    writeFileSync(script, floorScript());
    const node = process.execPath;
    const commands = [
      ['node -e 0', [node, '-e', '0']],
      ...['modules', '+ re2', '+ rule snapshot', '+ keyword tables', '+ git diff --cached'].map((name, i) => [
        `floor: ${name}`,
        [node, script, String(i)],
      ]),
      ...args.bins.map((bin) => [`credsweep scan --staged (${bin})`, [node, bin, 'scan', '--staged', '-q']]),
    ];
    if (spawnSync('git', ['secrets', '--list'], { cwd: args.repo, stdio: 'ignore' }).status === 0) {
      commands.push(['git secrets --pre_commit_hook', ['git', 'secrets', '--pre_commit_hook']]);
    }
    const results = commands.map(() => []);
    for (const [, argv] of commands) for (let i = 0; i < 3; i++) measure(argv, args.repo);
    for (let round = 0; round < args.runs; round++) {
      const order = commands.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const i of order) results[i].push(measure(commands[i][1], args.repo));
    }
    console.log(
      `machine: ${cpus()[0]?.model.trim() ?? 'unknown'}, ${cpus().length} cores, node ${process.version}; repo ${args.repo}; ${args.runs} rounds`,
    );
    console.log(`staged: ${staged.stdout.trim().split('\n').length} files\n`);
    console.log('| command | median ms | min ms | CPU ms | minor faults | above node -e 0 |');
    console.log('|---|---:|---:|---:|---:|---:|');
    const base = median(results[0].map((r) => r.wall));
    commands.forEach(([name], i) => {
      const walls = results[i].map((r) => r.wall);
      const cells = [median(walls), Math.min(...walls), median(results[i].map((r) => r.cpu)), median(results[i].map((r) => r.faults))];
      console.log(`| ${name} | ${cells.map((x) => x.toFixed(0)).join(' | ')} | ${(cells[0] - base).toFixed(0)} |`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  console.error(`staged-floor: ${err.message}`);
  process.exitCode = 2;
}
