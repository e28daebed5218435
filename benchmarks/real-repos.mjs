#!/usr/bin/env node
// Findings on the full history of real public repositories, side by side:
//   node benchmarks/real-repos.mjs MIRROR... [--show-secrets] [--save DIR] [--json] [--rules PATH]... [--no-builtin-rules]
// Each MIRROR is a local clone or bare mirror (kept outside this repository; never committed).
// For each, runs the built CLI on its whole history (every object, unreachable ones included)
// and prints the repository's HEAD commit, the scan's wall time, findings per rule and severity,
// and one line per finding (severity, confidence, rule, first file:line, first commit, number
// of occurrences, snippet) for a person to triage in benchmarks/RESULTS.md as real / fixture /
// false positive. Secrets are redacted unless --show-secrets. --save DIR keeps each report as
// DIR/<name>.json (mode 0600: with --show-secrets it holds secrets). Needs dist/ built
// (`npm run compile`).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/credsweep.js');
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const USAGE =
  'usage: node benchmarks/real-repos.mjs MIRROR... [--show-secrets] [--save DIR] [--json] [--rules PATH]... [--no-builtin-rules]';
// The scanned repository's config is data; system and user config stay out of `git rev-parse` too.
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };

function parseArgs(argv) {
  const out = { repos: [], json: false, save: null, passthrough: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') out.json = true;
    else if (arg === '--show-secrets' || arg === '--no-builtin-rules') out.passthrough.push(arg);
    else if (arg === '--save' && argv[i + 1]) out.save = resolve(argv[++i]);
    else if (arg === '--rules' && argv[i + 1]) out.passthrough.push(arg, resolve(argv[++i]));
    else if (!arg.startsWith('-')) out.repos.push(resolve(arg));
    else {
      console.error(`unknown argument: ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (out.repos.length === 0) {
    console.error(USAGE);
    process.exit(2);
  }
  return out;
}

// A mirror under /work/.mirror/owner+name/repo is named owner/name; anything else by its folder.
function repoName(path) {
  const parent = basename(dirname(path));
  return basename(path) === 'repo' && parent.includes('+') ? parent.replace('+', '/') : basename(path).replace(/\.git$/, '');
}

function headOf(path) {
  try {
    return execFileSync('git', ['--git-dir', gitDir(path), 'rev-parse', 'HEAD'], { env: GIT_ENV, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function gitDir(path) {
  try {
    return execFileSync('git', ['-C', path, 'rev-parse', '--absolute-git-dir'], { env: GIT_ENV, encoding: 'utf8' }).trim();
  } catch {
    return path;
  }
}

function scanRepo(path, passthrough) {
  const tmp = mkdtempSync(join(tmpdir(), 'credsweep-real-'));
  const report = join(tmp, 'findings.json');
  try {
    // The target goes before the options: --rules takes several values and would swallow it.
    const args = ['scan', path, '-f', 'json', '--no-progress', '-o', report, ...passthrough];
    const started = performance.now();
    const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const seconds = (performance.now() - started) / 1000;
    if (![0, 1, 3].includes(run.status)) {
      console.error(`credsweep ${args.join(' ')} exited ${run.status ?? run.signal}:\n${run.stderr}`);
      process.exit(2);
    }
    const summary = run.stderr
      .trim()
      .split('\n')
      .filter((l) => /blobs|skipped|suppressed|allowed|not code/i.test(l));
    return {
      findings: JSON.parse(readFileSync(report, 'utf8')),
      seconds,
      incomplete: run.status === 3,
      summary,
      text: readFileSync(report, 'utf8'),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function countBy(findings) {
  const rows = new Map();
  for (const f of findings) {
    const row = rows.get(f.rule) ?? Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
    row[f.severity]++;
    rows.set(f.rule, row);
  }
  return [...rows.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function formatRepo(r) {
  const lines = [
    `## ${r.name} @ ${r.head}`,
    '',
    `${r.findings.length} findings in ${r.seconds.toFixed(1)} s${r.incomplete ? ' (scan incomplete: exit 3)' : ''}`,
  ];
  for (const s of r.summary) lines.push(`> ${s}`);
  lines.push('', `| rule | ${SEVERITIES.join(' | ')} |`, `|---|${SEVERITIES.map(() => '---').join('|')}|`);
  for (const [rule, row] of countBy(r.findings)) lines.push(`| ${rule} | ${SEVERITIES.map((s) => row[s] || '').join(' | ')} |`);
  lines.push('', '| severity | confidence | rule | first seen | commit | places | snippet |', '|---|---|---|---|---|---|---|');
  for (const f of r.findings) {
    const snippet = (f.snippet ?? '').trim().slice(0, 100);
    lines.push(
      `| ${f.severity} | ${f.confidence} | ${f.rule} | ${cell(`${f.file}:${f.line}`)} | ${(f.commit ?? '-').slice(0, 10)} | ${f.occurrences.length} | ${cell(snippet)} |`,
    );
  }
  return lines.join('\n');
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.save) mkdirSync(args.save, { recursive: true });
  const results = [];
  for (const path of args.repos) {
    const name = repoName(path);
    const scan = scanRepo(path, args.passthrough);
    if (args.save) {
      const file = join(args.save, `${name.replace('/', '+')}.json`);
      writeFileSync(file, scan.text, { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    const { text: _text, ...rest } = scan;
    const result = { name, path, head: headOf(path), ...rest };
    results.push(result);
    if (!args.json) console.log(`${formatRepo(result)}\n`);
  }
  const total = results.reduce((n, r) => n + r.findings.length, 0);
  const highs = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').length, 0);
  const seconds = results.reduce((n, r) => n + r.seconds, 0);
  if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else
    console.log(
      `Total: ${total} findings (${highs} critical or high) in ${results.length} repositories, ${seconds.toFixed(1)} s of scanning`,
    );
}

main();
