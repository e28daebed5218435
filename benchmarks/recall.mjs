#!/usr/bin/env node
// Recall of the detection catalog on realistic files with planted made-up secrets:
//   node benchmarks/recall.mjs [--json] [--rules PATH]... [--no-builtin-rules]
// Runs the built CLI on test/fixtures/recall/ (files on disk, secrets shown whole), matches the
// findings to test/fixtures/recall/planted.json (recall-match.mjs) and prints, as markdown:
// planted / found / recall per family and per file, the planted negatives that were found, the
// planted secrets that were missed, and findings that match nothing planted. --json prints the
// same numbers as JSON. --rules and --no-builtin-rules pass through to the CLI, so a rule author
// can measure one file alone. Needs dist/ built (`npx tsc -p tsconfig.build.json`).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatRecall, matchRecall, summarizeRecall } from './recall-match.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/credsweep.js');
const FIXTURES = join(ROOT, 'test/fixtures/recall');

function parseArgs(argv) {
  const out = { json: false, passthrough: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') out.json = true;
    else if (arg === '--no-builtin-rules') out.passthrough.push(arg);
    else if (arg === '--rules' && argv[i + 1]) out.passthrough.push(arg, argv[++i]);
    else {
      console.error(`unknown argument: ${arg}\nusage: node benchmarks/recall.mjs [--json] [--rules PATH]... [--no-builtin-rules]`);
      process.exit(2);
    }
  }
  return out;
}

/** Scans the fixtures with the built CLI; exit 1 (secrets found) is the expected outcome. */
function scanFixtures(passthrough) {
  // The target goes before the options: --rules takes several values and would swallow it.
  const args = ['scan', FIXTURES, '--no-history', '--trust-target-config', '--show-secrets', '-f', 'json', '--no-progress', ...passthrough];
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0 && run.status !== 1) {
    console.error(`credsweep ${args.join(' ')} exited ${run.status ?? run.signal}:\n${run.stderr}`);
    process.exit(2);
  }
  return JSON.parse(run.stdout);
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const planted = JSON.parse(readFileSync(join(FIXTURES, 'planted.json'), 'utf8'));
  const summary = summarizeRecall(matchRecall(planted, scanFixtures(options.passthrough)));
  process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatRecall(summary));
}

main();
