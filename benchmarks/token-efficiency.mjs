#!/usr/bin/env node
// Random or merely high-entropy? Compares two filters for the values the generic and entropy
// rules capture: Shannon entropy (what the rules use) and byte-pair "token efficiency" (characters
// per token of the cl100k_base tokenizer, bundled with the gpt-tokenizer package: no download).
// Words and identifiers glued together (DomRendererFactory2) split into few long tokens;
// machine-made values split into many short ones.
//   node benchmarks/token-efficiency.mjs [--dir node_modules] [--json]
// Values:
// - positives: every secret planted in the recall fixtures (test/fixtures/recall/planted.json);
// - known false positives: the catch-all values triaged false in benchmarks/RESULTS.md (six
//   real repositories) and in the detection issue (identifiers, wordy stand-ins);
// - raw candidates: what the generic and entropy patterns capture in --dir (no live secrets
//   there) with their allow lists but without minEntropy or the analyzer, so the filters
//   themselves are what is compared. Needs dist/ built (`npm run compile`).
// For each threshold it prints the share of positives kept and of negatives dropped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { parseDocument } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/credsweep.js');

// Catch-all values the six-repository benchmark and the issue found false (public identifiers
// and documentation stand-ins, not secrets).
const KNOWN_FALSE = [
  'DomRendererFactory2',
  'ConvertTo-SecureString',
  'SignatureV4SignWithCredentials',
  'PassWordMustBeAtLeast6Chars.',
  'SomeKindOfPassword123!@#',
  'mynewpassword',
  'somepassword',
  'sneakypass',
  'crypticpassword',
  'SQL_password123',
];

function parseArgs(argv) {
  const out = { dir: join(ROOT, 'node_modules'), json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') out.json = true;
    else if (argv[i] === '--dir' && argv[i + 1]) out.dir = resolve(argv[++i]);
    else {
      console.error(`unknown argument: ${argv[i]}\nusage: node benchmarks/token-efficiency.mjs [--dir PATH] [--json]`);
      process.exit(2);
    }
  }
  return out;
}

function entropy(text) {
  const counts = new Map();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...text].length;
  let h = 0;
  for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
  return h;
}

const charsPerToken = (text) => text.length / Math.max(1, encode(text).length);

// The generic and entropy rules, renamed out of their families and stripped of the filters under
// test (minEntropy, analyzer), so the scan returns every value their patterns and allow lists let through.
function rawCandidateRules(dir) {
  const out = [];
  for (const file of ['generic.yaml', 'entropy.yaml']) {
    const doc = parseDocument(readFileSync(join(ROOT, 'detectors', file), 'utf8')).toJS();
    for (const rule of doc.rules) {
      const { minEntropy: _e, analyzer: _a, fallback: _f, ...rest } = rule;
      out.push({ ...rest, allow: (rule.allow ?? []).flat(), id: rule.id.replace(/^(generic|entropy)\./, 'measure.$1-'), severity: 'low' });
    }
  }
  const path = join(dir, 'raw-rules.json');
  writeFileSync(path, JSON.stringify({ rules: out }));
  return path;
}

function rawCandidates(target) {
  const tmp = mkdtempSync(join(tmpdir(), 'credsweep-tokens-'));
  try {
    const rules = rawCandidateRules(tmp);
    const report = join(tmp, 'findings.json');
    const args = [
      'scan',
      target,
      '--no-history',
      '-f',
      'json',
      '--show-secrets',
      '--no-progress',
      '-o',
      report,
      '--no-builtin-rules',
      '--rules',
      rules,
    ];
    const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
    if (![0, 1, 3].includes(run.status)) throw new Error(`credsweep exited ${run.status}: ${run.stderr}`);
    return [...new Set(JSON.parse(readFileSync(report, 'utf8')).map((f) => f.secret))];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function measure(name, positives, negatives, score, thresholds, keepAbove) {
  return thresholds.map((t) => {
    const keep = (v) => (keepAbove ? score(v) >= t : score(v) <= t);
    const kept = positives.filter(keep).length;
    const dropped = negatives.filter((v) => !keep(v)).length;
    return { filter: name, threshold: t, positivesKept: kept / positives.length, negativesDropped: dropped / negatives.length };
  });
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const planted = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/recall/planted.json'), 'utf8'));
  const positives = [
    ...new Set(
      planted
        .filter((p) => p.expect === 'found')
        .map((p) => p.secret)
        .filter((s) => !/\s/.test(s)),
    ),
  ];
  const raw = rawCandidates(args.dir);
  const sets = { known: KNOWN_FALSE, raw };
  const results = {};
  for (const [name, negatives] of Object.entries(sets)) {
    results[name] = [
      ...measure('entropy >=', positives, negatives, entropy, [3.0, 3.25, 3.5, 3.75, 4.0], true),
      ...measure('chars/token <=', positives, negatives, charsPerToken, [2.0, 2.5, 3.0, 3.5, 4.0], false),
    ];
  }
  const summary = { positives: positives.length, knownFalse: KNOWN_FALSE.length, rawCandidates: raw.length, results };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const pct = (x) => `${(100 * x).toFixed(1)}%`;
  console.log(
    `positives (recall fixtures): ${positives.length}; known false positives: ${KNOWN_FALSE.length}; raw candidates in ${args.dir}: ${raw.length}\n`,
  );
  console.log('| filter | threshold | positives kept | known FPs dropped | raw candidates dropped |');
  console.log('|---|---|---|---|---|');
  for (const [i, r] of results.known.entries()) {
    console.log(
      `| ${r.filter} | ${r.threshold} | ${pct(r.positivesKept)} | ${pct(r.negativesDropped)} | ${pct(results.raw[i].negativesDropped)} |`,
    );
  }
  console.log('\nknown false positives: value, entropy, chars/token');
  for (const v of KNOWN_FALSE) console.log(`  ${v}  ${entropy(v).toFixed(2)}  ${charsPerToken(v).toFixed(2)}`);
  const lost = positives.filter((v) => charsPerToken(v) > 3.0);
  console.log(
    `\npositives over 3.0 chars/token (${lost.length}): ${lost.map((v) => `${v.slice(0, 12)}… ${charsPerToken(v).toFixed(2)}`).join(', ')}`,
  );
}

main();
