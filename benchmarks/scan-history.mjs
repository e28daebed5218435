#!/usr/bin/env node
// Times a full history scan against the floor set by git itself:
//   node benchmarks/scan-history.mjs [REPO] [--runs 3] [--rules DIR] [--compare-rules DIR] [--commits 3000] [--seed 1]
//
// --compare-rules DIR also times (c) the same scan with only the rules in DIR (e.g.
// benchmarks/first-rules, the core issue's rule set), interleaved run by run with (b) so machine
// noise falls on both alike, and prints the cost of the full catalog over that set.
// (a) `git cat-file --batch-all-objects --batch` to /dev/null: every object inflated and
//     delta-resolved once by git's C code, the least any scanner of every object must do;
// (b) `node bin/credsweep.js scan REPO --format json -o <tmp>`: the whole product, exit 1 (found
//     secrets) counts as success, exit 2/3 or a signal as failure.
// Without REPO, the synthetic repository (make-synthetic-repo.mjs) is built under
// benchmarks/.work/ first, or reused if already there. One untimed run of (a) warms the page
// cache so both are measured warm. Prints the machine, the medians, and a markdown table row for
// benchmarks/RESULTS.md.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { describeRepo, makeSyntheticRepo } from './make-synthetic-repo.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/credsweep.js');
const TIME = '/usr/bin/time';
// Only the scanned repository's config could differ between machines; keep system and user config out.
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };

function parseArgs(argv) {
  const out = { repo: null, runs: 3, rules: null, compareRules: null, commits: 3000, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') out.runs = Number(argv[++i]);
    else if (a === '--rules') out.rules = resolve(argv[++i] ?? '');
    else if (a === '--compare-rules') out.compareRules = resolve(argv[++i] ?? '');
    else if (a === '--commits') out.commits = Number(argv[++i]);
    else if (a === '--seed') out.seed = Number(argv[++i]);
    else if (!a.startsWith('-') && !out.repo) out.repo = resolve(a);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(out.runs >= 1)) throw new Error('--runs must be at least 1');
  return out;
}

async function prepareRepo(args) {
  if (args.repo) {
    if (!existsSync(args.repo)) throw new Error(`${args.repo} does not exist`);
    return { dir: args.repo, stats: describeRepo(args.repo, { fsck: false }) };
  }
  const dir = join(ROOT, 'benchmarks/.work', `synthetic-c${args.commits}-s${args.seed}`);
  const statsFile = `${dir}.stats.json`;
  if (existsSync(join(dir, '.git')) && existsSync(statsFile)) {
    console.log(`reusing ${dir}`);
    return { dir, stats: JSON.parse(readFileSync(statsFile, 'utf8')) };
  }
  console.log(`building ${dir} ...`);
  const stats = await makeSyntheticRepo(dir, { commits: args.commits, seed: args.seed, force: true });
  writeFileSync(statsFile, `${JSON.stringify(stats, null, 2)}\n`);
  console.log(`built in ${stats.buildSeconds.toFixed(1)} s`);
  return { dir, stats };
}

function describeMachine() {
  const git = execFileSync('git', ['--version'], { env: GIT_ENV })
    .toString()
    .trim()
    .replace(/^git version /, '');
  const cpu = cpus();
  return { cpu: cpu[0]?.model.trim() ?? 'unknown', cores: cpu.length, memoryGB: totalmem() / 2 ** 30, node: process.version, git };
}

/** Runs a command to completion; returns wall seconds, exit code, signal and the stderr text. */
async function timeRun(command, args, { cwd, stdout = 'ignore', pollRss = false } = {}) {
  const started = performance.now();
  const child = spawn(command, args, { cwd, env: GIT_ENV, stdio: ['ignore', stdout, 'pipe'] });
  const errors = [];
  child.stderr.on('data', (d) => errors.push(d));
  let peakKb = 0;
  // Fallback when /usr/bin/time is missing: VmHWM is the process's own high-water mark, so a
  // sample taken late is still the peak; only the very last moments before exit can be missed.
  const poll = pollRss
    ? setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) peakKb = Math.max(peakKb, Number(m[1]));
        } catch {}
      }, 20)
    : null;
  const [code, signal] = await once(child, 'close');
  if (poll) clearInterval(poll);
  return { seconds: (performance.now() - started) / 1000, code, signal, stderr: Buffer.concat(errors).toString(), peakKb };
}

async function runCatFile(repo, devNull) {
  const run = await timeRun('git', ['-C', repo, 'cat-file', '--batch-all-objects', '--batch'], { stdout: devNull });
  if (run.code !== 0) throw new Error(`git cat-file failed (${run.code ?? run.signal}): ${run.stderr.slice(-500)}`);
  return run.seconds;
}

async function runCredsweep(repo, output, ruleArgs) {
  const cli = [BIN, 'scan', repo, '--format', 'json', '-o', output, ...ruleArgs];
  const useTime = existsSync(TIME);
  const run = useTime
    ? await timeRun(TIME, ['-v', process.execPath, ...cli], { cwd: ROOT })
    : await timeRun(process.execPath, cli, { cwd: ROOT, pollRss: true });
  let { code } = run;
  let peakKb = run.peakKb;
  if (useTime) {
    // time(1) reports the child's status in its own words; a signal shows as "terminated by signal".
    const status = /Exit status: (\d+)/.exec(run.stderr);
    code = /Command terminated by signal/.test(run.stderr) ? null : status ? Number(status[1]) : run.code;
    peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? 0);
  }
  const ok = code === 0 || code === 1;
  return { seconds: run.seconds, code, ok, peakMb: peakKb / 1024, stderr: run.stderr, rssFrom: useTime ? 'time -v' : '/proc VmHWM' };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { dir, stats } = await prepareRepo(args);
  const machine = describeMachine();
  const blobMb = stats.blobBytes / 1e6;
  console.log(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB.toFixed(1)} GiB, node ${machine.node}, git ${machine.git}`,
  );
  console.log(
    `repo: ${dir}: ${stats.commits} commits, ${stats.objects} objects, ${stats.blobs} blobs, ${blobMb.toFixed(1)} MB unique blob bytes, ${(stats.packBytes / 1e6).toFixed(1)} MB packed`,
  );

  const variants = [
    { name: args.rules ? basename(args.rules) : 'builtin', ruleArgs: args.rules ? ['--rules', args.rules] : [], scans: [], findings: null },
  ];
  if (args.compareRules) {
    variants.push({
      name: basename(args.compareRules),
      ruleArgs: ['--no-builtin-rules', '--rules', args.compareRules],
      scans: [],
      findings: null,
    });
  }
  const devNull = openSync('/dev/null', 'w');
  const work = mkdtempSync(join(tmpdir(), 'cs-bench-'));
  const catFile = [];
  try {
    await runCatFile(dir, devNull);
    for (let i = 0; i < args.runs; i++) catFile.push(await runCatFile(dir, devNull));
    console.log(`(a) git cat-file --batch-all-objects: ${catFile.map((s) => s.toFixed(2)).join(', ')} s`);
    if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json` first');
    for (let i = 0; i < args.runs; i++) {
      for (const v of variants) {
        const output = join(work, `findings-${v.name}-${i}.json`);
        const scan = await runCredsweep(dir, output, v.ruleArgs);
        if (!scan.ok) {
          // time -v appends its table after the child's own stderr; the child's part is what explains the failure.
          const tail = scan.stderr.split('\tCommand being timed:')[0].trim().split('\n').slice(-15).join('\n');
          throw new Error(`credsweep (${v.name}) failed (exit ${scan.code ?? 'by signal'}):\n${tail}`);
        }
        v.findings = JSON.parse(readFileSync(output, 'utf8')).length;
        v.scans.push(scan);
      }
    }
    for (const [k, v] of variants.entries()) {
      const label = k === 0 ? '(b)' : '(c)';
      console.log(
        `${label} credsweep scan, rules ${v.name}: ${v.scans.map((s) => `${s.seconds.toFixed(2)} s (exit ${s.code}, ${s.peakMb.toFixed(0)} MB)`).join(', ')}`,
      );
    }
  } finally {
    closeSync(devNull);
    rmSync(work, { recursive: true, force: true });
  }

  const a = median(catFile);
  console.log(
    '\n| date | repo | commits | blobs | unique blob MB | runs | cat-file s | credsweep s | b/a | MB/s | peak RSS MB | findings | rules | machine |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const medians = variants.map((v) => median(v.scans.map((s) => s.seconds)));
  for (const [k, v] of variants.entries()) {
    const b = medians[k];
    const rss = median(v.scans.map((s) => s.peakMb));
    const row = [
      new Date().toISOString().slice(0, 10),
      basename(dir),
      stats.commits,
      stats.blobs,
      blobMb.toFixed(1),
      args.runs,
      a.toFixed(2),
      b.toFixed(2),
      (b / a).toFixed(1),
      (blobMb / b).toFixed(1),
      rss.toFixed(0),
      v.findings,
      v.name,
      `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB.toFixed(0)} GiB, node ${machine.node}, git ${machine.git}`,
    ];
    console.log(`| ${row.join(' | ')} |`);
  }
  if (variants.length > 1) {
    const pct = ((medians[0] / medians[1] - 1) * 100).toFixed(1);
    console.log(
      `\nrules ${variants[0].name} vs ${variants[1].name}: ${medians[0].toFixed(2)} s vs ${medians[1].toFixed(2)} s median (${pct}%)`,
    );
  }
}

main().catch((err) => {
  console.error(`scan-history: ${err.message}`);
  process.exitCode = 2;
});
