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

const ROOT = process.env.CORPUS || join(import.meta.dirname, '..', 'node_modules');
const TEXT = /\.(?:js|mjs|cjs|ts|mts|cts|json|md|map|css|html|ya?ml|txt|cc|h|py|rb|go|java|sh|toml|ini|cfg|rst|xml|sql|properties)$/;
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

function time(scan: () => void, rounds = 3): number {
  scan(); // warm-up
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) scan();
  return Number(process.hrtime.bigint() - t0) / 1e9 / rounds;
}

// Timed outside the bench harness, so the MB/s figures are printed plainly.
function measure(): void {
  const mb = totalBytes / 1e6;
  const perFile = time(scanAll);
  // The same text as one blob and as 1 MB chunks: big files hold many rules' keywords at once.
  const joined = Buffer.concat(blobs);
  const oneBlob = time(() => scanBlob(compiled, joined, 'joined'));
  const chunks: Buffer[] = [];
  for (let i = 0; i < joined.length; i += 1 << 20) chunks.push(joined.subarray(i, i + (1 << 20)));
  const chunked = time(() => {
    for (const c of chunks) scanBlob(compiled, c, 'chunk');
  });
  const byRule = new Map<string, number>();
  for (let i = 0; i < blobs.length; i++) {
    for (const m of scanBlob(compiled, blobs[i] as Buffer, String(i)).matches) {
      byRule.set(m.ruleId, (byRule.get(m.ruleId) ?? 0) + 1);
    }
  }
  console.log(`corpus: ${blobs.length} files, ${mb.toFixed(1)} MB from ${ROOT}; ${compiled.rules.length} rules`);
  console.log(
    `scanBlob, one core: ${(mb / perFile).toFixed(0)} MB/s per file, ${(mb / chunked).toFixed(0)} MB/s in 1 MB chunks, ${(mb / oneBlob).toFixed(0)} MB/s as one blob`,
  );
  console.log(`matches on corpus (false positives): ${JSON.stringify(Object.fromEntries(byRule))}`);
}
measure();

describe('scanBlob over node_modules text', () => {
  bench(
    'full built-in rule set',
    () => {
      scanAll();
    },
    { iterations: 3, warmupIterations: 1 },
  );
});
