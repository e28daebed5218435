#!/usr/bin/env node
// Times the pre-commit hook's work on a typical change against git-secrets on the same change:
//   node benchmarks/staged-vs-git-secrets.mjs [--files 3000] [--edited 5] [--runs 7]
//
// A repository of FILES real source files (JavaScript, TypeScript and JSON copied from this
// checkout's node_modules, so the content is real code from many authors) is built once under
// benchmarks/.work/, then EDITED of them are changed and staged. In the same run, alternating:
// (a) `git secrets --pre_commit_hook` (Debian's git-secrets, AWS patterns registered with
//     `git secrets --register-aws`): what teams run today; exit 0 (nothing found) expected;
// (b) `node bin/credsweep.js scan --staged -q`, the full built-in catalog.
// Prints both medians and b/a. The target (issue: everyday use) is b/a <= 1.5.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/credsweep.js');
const HOME = join(ROOT, 'benchmarks/.work/staged-home');
const ENV = { ...process.env, HOME, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(HOME, '.gitconfig'), LC_ALL: 'C' };

function parseArgs(argv) {
  const out = { files: 3000, edited: 5, runs: 7 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]?.replace(/^--/, '');
    if (!(key in out)) throw new Error(`unknown option ${argv[i]}`);
    out[key] = Number(argv[++i]);
    if (!(out[key] >= 1)) throw new Error(`--${key} must be a positive number`);
  }
  return out;
}

const git = (dir, ...args) => execFileSync('git', ['-C', dir, ...args], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

function sourceFiles(limit) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      if (out.length >= limit) return;
      const path = join(dir, name);
      const info = statSync(path);
      if (info.isDirectory()) walk(path);
      else if (/\.(?:js|ts|mjs|cjs|json)$/.test(name) && info.size < 200_000) out.push(path);
    }
  };
  walk(join(ROOT, 'node_modules'));
  return out;
}

function buildRepo(dir, files) {
  if (existsSync(join(dir, '.git'))) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(HOME, { recursive: true });
  writeFileSync(join(HOME, '.gitconfig'), '[user]\n\tname = Bench\n\temail = bench@example.com\n[init]\n\tdefaultBranch = main\n');
  mkdirSync(dir, { recursive: true });
  for (const src of sourceFiles(files)) {
    const dest = join(dir, 'src', relative(join(ROOT, 'node_modules'), src));
    mkdirSync(resolve(dest, '..'), { recursive: true });
    cpSync(src, dest);
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'import');
  git(dir, 'secrets', '--register-aws');
}

function stageChange(dir, edited) {
  git(dir, 'reset', '-q', '--hard');
  const tracked = git(dir, 'ls-files', '*.js').split('\n').filter(Boolean);
  const step = Math.max(1, Math.floor(tracked.length / edited));
  const chosen = tracked.filter((_, i) => i % step === 0).slice(0, edited);
  for (const path of chosen) {
    const file = join(dir, path);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `${text}\n// change for the benchmark\nexport const retries = 3;\nconst label = "edited";\n`);
  }
  git(dir, 'add', '--', ...chosen);
  return chosen;
}

function time(command, args, cwd) {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${String(run.stderr).slice(-400)}`);
  return seconds;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (spawnSync('git', ['secrets'], { env: ENV }).error) throw new Error('git-secrets is not installed (apt-get install git-secrets)');
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npm run compile` first');
  const dir = join(ROOT, 'benchmarks/.work', `staged-f${args.files}`);
  buildRepo(dir, args.files);
  const chosen = stageChange(dir, args.edited);
  const cpu = cpus()[0]?.model.trim() ?? 'unknown';
  console.log(
    `machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${git(dir, 'version').trim()}`,
  );
  console.log(`repo: ${dir}, ${git(dir, 'ls-files').split('\n').filter(Boolean).length} files; staged: ${chosen.join(', ')}`);
  const rules = JSON.parse(execFileSync(process.execPath, [BIN, 'rules', 'list', '--json'], { env: ENV })).length;
  const a = [];
  const b = [];
  time('git', ['secrets', '--pre_commit_hook'], dir); // warm the page cache for both
  time(process.execPath, [BIN, 'scan', '--staged', '-q'], dir);
  for (let i = 0; i < args.runs; i++) {
    a.push(time('git', ['secrets', '--pre_commit_hook'], dir));
    b.push(time(process.execPath, [BIN, 'scan', '--staged', '-q'], dir));
  }
  const ma = median(a);
  const mb = median(b);
  console.log(`(a) git secrets --pre_commit_hook: ${a.map((s) => s.toFixed(3)).join(', ')} s`);
  console.log(`(b) credsweep scan --staged (${rules} rules): ${b.map((s) => s.toFixed(3)).join(', ')} s`);
  console.log(`median (a) ${ma.toFixed(3)} s, (b) ${mb.toFixed(3)} s, b/a ${(mb / ma).toFixed(2)}x (target <= 1.5)`);
  console.log('\n| date | files | staged files | runs | git-secrets s | credsweep s | b/a | rules | machine |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${new Date().toISOString().slice(0, 10)} | ${args.files} | ${chosen.length} | ${args.runs} | ${ma.toFixed(3)} | ${mb.toFixed(3)} | ${(mb / ma).toFixed(2)} | ${rules} | ${cpu}, ${cpus().length} cores |`,
  );
}

try {
  main();
} catch (err) {
  console.error(`staged-vs-git-secrets: ${err.message}`);
  process.exitCode = 2;
}
