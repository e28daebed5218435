#!/usr/bin/env node
// False positives of the detection catalog on real code that holds no live secrets:
//   node benchmarks/false-positives.mjs [--dir node_modules] [--rules PATH]... [--no-builtin-rules] [--intel] [--json]
// Runs the built CLI on the folder as files on disk (secrets redacted), then prints the MB scanned
// (the scanner's own count from its summary line: text blobs actually read, binaries and files
// over --max-blob-size left out), findings per 100 MB by rule and confidence tier as a markdown
// table, and one line per high-confidence secret finding (rule, file, line, redacted snippet) for
// a person to explain. Every finding in a folder like node_modules is presumed false. --json
// prints the same as JSON. Needs dist/ built (`npx tsc -p tsconfig.build.json`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/credsweep.js');
const TIERS = ['high', 'medium', 'low'];
const USAGE = 'usage: node benchmarks/false-positives.mjs [--dir PATH] [--rules PATH]... [--no-builtin-rules] [--intel] [--json]';

function parseArgs(argv) {
  const out = { dir: join(ROOT, 'node_modules'), json: false, passthrough: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') out.json = true;
    else if (arg === '--dir' && argv[i + 1]) out.dir = resolve(argv[++i]);
    else if (arg === '--no-builtin-rules' || arg === '--intel') out.passthrough.push(arg);
    else if (arg === '--rules' && argv[i + 1]) out.passthrough.push(arg, resolve(argv[++i]));
    else {
      console.error(`unknown argument: ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  return out;
}

/** Scans `dir`; returns the findings and the summary line's blob count and MB. */
function scan(dir, passthrough) {
  const tmp = mkdtempSync(join(tmpdir(), 'credsweep-fp-'));
  const report = join(tmp, 'findings.json');
  try {
    // The target goes before the options: --rules takes several values and would swallow it.
    const args = ['scan', dir, '--no-history', '-f', 'json', '--no-progress', '-o', report, ...passthrough];
    const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
    // 0: nothing found, 1: findings; 3: incomplete (something unreadable), still worth reading.
    if (![0, 1, 3].includes(run.status)) {
      console.error(`credsweep ${args.join(' ')} exited ${run.status ?? run.signal}:\n${run.stderr}`);
      process.exit(2);
    }
    if (run.status === 3) console.error(run.stderr.trim());
    const summary = /in ([\d,]+) blobs \(([\d.]+) MB\)/.exec(run.stderr);
    if (!summary) throw new Error(`no summary line on stderr:\n${run.stderr}`);
    return {
      findings: JSON.parse(readFileSync(report, 'utf8')),
      blobs: Number(summary[1].replace(/,/g, '')),
      mb: Number(summary[2]),
      incomplete: run.status === 3,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Counts per rule and tier, and the same per 100 MB. */
export function measureFalsePositives(dir, { findings, blobs, mb, incomplete }) {
  const rules = new Map();
  for (const f of findings) {
    const r = rules.get(f.rule) ?? { rule: f.rule, kind: f.kind, counts: { high: 0, medium: 0, low: 0 }, total: 0 };
    r.counts[f.confidence] = (r.counts[f.confidence] ?? 0) + 1;
    r.total++;
    rules.set(f.rule, r);
  }
  const per100 = (n) => (mb > 0 ? Number(((100 * n) / mb).toFixed(2)) : null);
  const byRule = [...rules.values()]
    .sort((a, b) => b.total - a.total || a.rule.localeCompare(b.rule))
    .map((r) => ({
      ...r,
      per100MB: Object.fromEntries([...TIERS, 'total'].map((t) => [t, per100(t === 'total' ? r.total : r.counts[t])])),
    }));
  const tiers = Object.fromEntries(TIERS.map((t) => [t, findings.filter((f) => f.confidence === t).length]));
  const highConfidence = findings
    .filter((f) => f.kind === 'secret' && f.confidence === 'high')
    .map((f) => ({ rule: f.rule, file: f.file, line: f.line, snippet: f.snippet }));
  return { dir, mb, blobs, incomplete, findings: findings.length, tiers, per100MB: per100(findings.length), byRule, highConfidence };
}

function formatMarkdown(m) {
  const fmt = (n, p) => (p === null ? String(n) : `${p} (${n})`);
  const lines = [
    `# False positives in ${m.dir}`,
    '',
    `Scanned ${m.mb} MB in ${m.blobs.toLocaleString('en')} blobs${m.incomplete ? ' (INCOMPLETE scan)' : ''}: ${m.findings} findings` +
      ` (high ${m.tiers.high}, medium ${m.tiers.medium}, low ${m.tiers.low}), ${m.per100MB ?? '-'} per 100 MB.`,
    '',
    '### Findings per 100 MB by rule and confidence (count in parentheses)',
    '',
    '| rule | kind | high | medium | low | all |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of m.byRule) {
    const cells = [...TIERS, 'total'].map((t) => fmt(t === 'total' ? r.total : r.counts[t], r.per100MB[t]));
    lines.push(`| ${r.rule} | ${r.kind} | ${cells.join(' | ')} |`);
  }
  if (m.byRule.length === 0) lines.push('| (none) | | | | | |');
  lines.push('', `### High-confidence secret findings (${m.highConfidence.length}): explain each`, '');
  for (const h of m.highConfidence) lines.push(`- ${h.rule}  ${h.file}:${h.line}  \`${h.snippet.replace(/`/g, "'")}\``);
  if (m.highConfidence.length === 0) lines.push('(none)');
  return `${lines.join('\n')}\n`;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const measured = measureFalsePositives(options.dir, scan(options.dir, options.passthrough));
  process.stdout.write(options.json ? `${JSON.stringify(measured, null, 2)}\n` : formatMarkdown(measured));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
