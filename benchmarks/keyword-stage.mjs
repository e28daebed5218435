#!/usr/bin/env node
// The prefilter's keyword stage against the RE2::Set it replaced, on the same blobs, one core:
//   node benchmarks/keyword-stage.mjs REPO [--every 25] [--max-mb 120] [--rounds 3]
// Blobs are every Nth blob of `git cat-file --batch-all-objects` of the local mirror REPO (up to
// --max-mb MB), so the sample spans the history. Prints compile time of each, then per round the
// CPU ns per byte of each (interleaved), and checks that both name the same entries on every
// blob. Needs dist/ built (`npm run compile`).
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const { loadBuiltinRules } = await import(join(ROOT, 'dist/detect/rule-load.js'));
const { compileByteRegexSet } = await import(join(ROOT, 'dist/detect/re2.js'));
const { compileKeywordStage, entryPattern } = await import(join(ROOT, 'dist/detect/keyword-stage.js'));

const args = process.argv.slice(2);
const repo = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : Number(args[i + 1]);
};
if (!repo) {
  console.error('usage: node benchmarks/keyword-stage.mjs REPO [--every 25] [--max-mb 120] [--rounds 3]');
  process.exit(2);
}
const every = opt('every', 25);
const maxBytes = opt('max-mb', 120) * 1e6;
const rounds = opt('rounds', 3);

function sampleBlobs() {
  const list = execFileSync(
    'git',
    ['-C', repo, 'cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectname)', '--unordered'],
    {
      maxBuffer: 1 << 30,
    },
  )
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('blob '))
    .filter((_, i) => i % every === 0)
    .map((l) => l.slice(5));
  // Missing objects (a partial clone) are reported as such and skipped.
  const raw = execFileSync('git', ['-C', repo, 'cat-file', '--batch'], { input: list.join('\n'), maxBuffer: 2 ** 31 - 1 });
  const blobs = [];
  let total = 0;
  for (let p = 0; p < raw.length && total < maxBytes; ) {
    const nl = raw.indexOf(10, p);
    const head = raw.toString('latin1', p, nl).split(' ');
    if (head[1] !== 'blob') {
      p = nl + 1;
      continue;
    }
    const size = Number(head[2]);
    blobs.push(raw.subarray(nl + 1, nl + 1 + size));
    total += size;
    p = nl + 1 + size + 1;
  }
  return { blobs, total };
}

function catalogEntries() {
  const seen = new Set();
  const entries = [];
  for (const rule of loadBuiltinRules()) {
    if (rule.filename !== undefined || rule.kind !== 'secret') continue;
    const own = [...rule.keywords.map((keyword) => ({ keyword })), ...(rule.gate !== undefined ? [{ gate: rule.gate }] : [])];
    for (const e of own) {
      if (!seen.has(entryPattern(e))) entries.push(e);
      seen.add(entryPattern(e));
    }
  }
  return entries;
}

const cpuNs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};

const entries = catalogEntries();
let t = cpuNs();
const set = compileByteRegexSet(entries.map(entryPattern), true);
const setMs = (cpuNs() - t) / 1e6;
t = cpuNs();
const stage = compileKeywordStage(entries, 0);
// Built on first use.
stage.matching(Buffer.alloc(0));
const stageMs = (cpuNs() - t) / 1e6;
const { blobs, total } = sampleBlobs();
console.log(`${entries.length} entries; ${blobs.length} blobs, ${(total / 1e6).toFixed(1)} MB from ${repo} (every ${every}th blob)`);
console.log(`compile: RE2::Set ${setMs.toFixed(1)} ms, keyword stage ${stageMs.toFixed(1)} ms`);
let differ = 0;
for (let r = 1; r <= rounds; r++) {
  t = cpuNs();
  const old = blobs.map((b) => set.matching(b));
  const oldNs = cpuNs() - t;
  t = cpuNs();
  const now = blobs.map((b) => stage.matching(b));
  const nowNs = cpuNs() - t;
  for (let i = 0; i < blobs.length; i++) if (old[i].join() !== (now[i] ?? []).join()) differ++;
  console.log(`round ${r}: RE2::Set ${(oldNs / total).toFixed(2)} ns/byte, keyword stage ${(nowNs / total).toFixed(2)} ns/byte`);
}
console.log(differ === 0 ? 'same entries on every blob' : `DIFFERENT on ${differ} blob-rounds`);
process.exitCode = differ === 0 ? 0 : 1;
