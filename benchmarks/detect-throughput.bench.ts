// Throughput of scanBlob with the full built-in rule set over realistic source text without
// secrets: every text file under node_modules (JS, TS, JSON, Markdown), one blob per file, as a
// scan worker sees them. Also prints the findings on that corpus, which are all false positives
// (or test fixtures of the packages), to keep the generic rules honest.
// Run: npx vitest bench --run benchmarks/detect-throughput.bench.ts   (CORPUS=<dir> to change it)

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { compileRules, scanBlob } from '../src/detect/matcher.js';
import { loadBuiltinRules } from '../src/detect/rule-load.js';

const ROOT = process.env.CORPUS ?? join(import.meta.dirname, '..', 'node_modules');
const TEXT = /\.(?:js|mjs|cjs|ts|mts|cts|json|md|map|css|html|yml|yaml|txt|cc|h)$/;
const MAX_FILE = 64 << 20;

function collect(dir: string, out: Buffer[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, out);
    else if (entry.isFile() && TEXT.test(entry.name) && statSync(path).size <= MAX_FILE) out.push(readFileSync(path));
  }
}

const blobs: Buffer[] = [];
collect(ROOT, blobs);
const totalBytes = blobs.reduce((n, b) => n + b.length, 0);
const compiled = compileRules(loadBuiltinRules());

function scanAll(): number {
  let matches = 0;
  for (let i = 0; i < blobs.length; i++) matches += scanBlob(compiled, blobs[i] as Buffer, String(i)).matches.length;
  return matches;
}

// One timed pass outside the bench harness, so the MB/s figure is printed plainly.
function measure(): void {
  scanAll(); // warm-up
  const rounds = 3;
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) scanAll();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const mb = (totalBytes * rounds) / 1e6;
  const byRule = new Map<string, number>();
  for (let i = 0; i < blobs.length; i++) {
    for (const m of scanBlob(compiled, blobs[i] as Buffer, String(i)).matches) byRule.set(m.ruleId, (byRule.get(m.ruleId) ?? 0) + 1);
  }
  console.log(`corpus: ${blobs.length} files, ${(totalBytes / 1e6).toFixed(1)} MB from ${ROOT}`);
  console.log(`scanBlob: ${(mb / seconds).toFixed(0)} MB/s on one core (${rounds} rounds, ${seconds.toFixed(2)} s)`);
  console.log(`matches on corpus: ${JSON.stringify(Object.fromEntries(byRule))}`);
}
measure();

describe('scanBlob over node_modules text', () => {
  bench('full built-in rule set', () => {
    scanAll();
  }, { iterations: 3, warmupIterations: 1 });
});
