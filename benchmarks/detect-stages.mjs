#!/usr/bin/env node
// Where detection time goes, stage by stage and rule by rule, for two rule sets over the same
// blobs (one core, no git reading, no workers):
//   node benchmarks/detect-stages.mjs [REPO] [--blobs 3000] [--compare-rules benchmarks/first-rules] [--top 15]
//   node benchmarks/detect-stages.mjs --corpus FILE ...   (`git cat-file --batch` output, as detect-corpus.mjs reads)
// REPO defaults to the synthetic history scan-history.mjs builds (benchmarks/.work/synthetic-c20000-s1).
// Blobs are every Nth blob of `git cat-file --batch-all-objects`, so the sample spans the history.
// Stages, each timed over all sampled blobs (best of 3 rounds):
//   keyword set: the case-insensitive RE2::Set of every keyword and `gate` pattern;
//   token words: the search for words of a rule's `tokenLength`;
//   gate set:    the RE2::Set of the patterns of rules with neither keywords nor gate;
//   pattern set: the RE2::Set of each blob's keyword-selected rules (cached per selection);
//   rules:       each surviving rule's own regex over the blob;
//   scanBlob:    the whole matcher, for reference.
// Then the rules selected by keyword most often and what they cost in the pattern-set stage:
// those are the ones to give rarer keywords.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const { compileRules, scanBlob } = await import(join(ROOT, 'dist/detect/matcher.js'));
const { loadBuiltinRules, loadRuleFiles } = await import(join(ROOT, 'dist/detect/rule-load.js'));
const { compileByteRegexSet, compileByteRegex, escapeLiteral } = await import(join(ROOT, 'dist/detect/re2.js'));
const { classifyText } = await import(join(ROOT, 'dist/detect/text-decode.js'));
const { hasTokenOfLength } = await import(join(ROOT, 'dist/detect/token-run.js'));

function parseArgs(argv) {
  const out = { repo: join(ROOT, 'benchmarks/.work/synthetic-c20000-s1'), blobs: 3000, compare: null, top: 15, corpus: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--blobs') out.blobs = Number(argv[++i]);
    else if (a === '--compare-rules') out.compare = resolve(argv[++i] ?? '');
    else if (a === '--top') out.top = Number(argv[++i]);
    else if (a === '--corpus') out.corpus = resolve(argv[++i] ?? '');
    else if (!a.startsWith('-')) out.repo = resolve(a);
    else throw new Error(`unknown argument ${a}`);
  }
  if (out.corpus !== null) return out;
  if (!existsSync(out.repo)) throw new Error(`${out.repo} does not exist (run benchmarks/scan-history.mjs once to build it)`);
  return out;
}

function sampleBlobs(repo, want) {
  const git = (args, input) =>
    execFileSync('git', ['-C', repo, ...args], { input, maxBuffer: 4 << 30, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  const ids = git(['cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectname)'])
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('blob '))
    .map((l) => l.slice(5));
  const step = Math.max(1, Math.floor(ids.length / want));
  const chosen = ids.filter((_, i) => i % step === 0).slice(0, want);
  return textBlobs(git(['cat-file', '--batch'], `${chosen.join('\n')}\n`));
}

// The text blobs of `git cat-file --batch` output.
function textBlobs(raw) {
  const blobs = [];
  let at = 0;
  while (at < raw.length) {
    const nl = raw.indexOf(10, at);
    const size = Number(raw.toString('latin1', at, nl).split(' ')[2]);
    const data = raw.subarray(nl + 1, nl + 1 + size);
    if (classifyText(data) === 'utf8') blobs.push(Buffer.from(data));
    at = nl + 1 + size + 1;
  }
  return blobs;
}

function best(fn, rounds = 3) {
  let min = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return min;
}

function profile(label, rules, blobs, top) {
  const content = rules.filter((r) => r.filename === undefined);
  const kwIndex = new Map();
  const byKw = [];
  const keywordless = [];
  const byLength = new Map();
  const add = (e, i) => {
    if (!kwIndex.has(e)) {
      kwIndex.set(e, byKw.length);
      byKw.push([]);
    }
    byKw[kwIndex.get(e)].push(i);
  };
  content.forEach((r, i) => {
    for (const k of r.keywords) add(escapeLiteral(k.toLowerCase()), i);
    if (r.keywords.length > 0) return;
    if (r.gate !== undefined) add(`(?:${r.gate})`, i);
    else if (r.tokenLength !== undefined) byLength.set(r.tokenLength, [...(byLength.get(r.tokenLength) ?? []), i]);
    else keywordless.push(i);
  });
  const kwSet = compileByteRegexSet([...kwIndex.keys()], true);
  const gateSet = keywordless.length
    ? compileByteRegexSet(
        keywordless.map((i) => content[i].pattern),
        false,
      )
    : null;
  const tokenRules = (b) => [...byLength].flatMap(([n, list]) => (hasTokenOfLength(b, n) ? list : []));
  const selections = blobs.map((b) => {
    const s = new Set(tokenRules(b));
    for (const k of kwSet.matching(b)) for (const i of byKw[k]) s.add(i);
    if (gateSet) for (const g of gateSet.matching(b)) s.add(keywordless[g]);
    return [...s].sort((x, y) => x - y);
  });
  const sets = new Map();
  const setFor = (sel) => {
    const key = sel.join(',');
    if (!sets.has(key))
      sets.set(
        key,
        compileByteRegexSet(
          sel.map((i) => content[i].pattern),
          false,
        ),
      );
    return sets.get(key);
  };
  const survivors = blobs.map((b, n) =>
    selections[n].length < 2
      ? selections[n]
      : setFor(selections[n])
          .matching(b)
          .map((k) => selections[n][k]),
  );
  const regexes = content.map((r) => compileByteRegex(r.pattern));
  const compiled = compileRules(rules);
  const mb = blobs.reduce((n, b) => n + b.length, 0) / 1e6;

  // Runs `fn` on every blob, results discarded.
  const each = (fn) => () => {
    for (let n = 0; n < blobs.length; n++) fn(blobs[n], n);
  };
  const tKw = best(each((b) => kwSet.matching(b)));
  const tTokens = best(each((b) => tokenRules(b)));
  const tGate = gateSet ? best(each((b) => gateSet.matching(b))) : 0;
  const tSet = best(each((b, n) => selections[n].length >= 2 && setFor(selections[n]).matching(b)));
  const tRules = best(each((b, n) => survivors[n].map((i) => regexes[i].findAll(b))));
  const tAll = best(each((b, n) => scanBlob(compiled, b, String(n))));

  const selectedBytes = new Float64Array(content.length);
  const selectedCount = new Uint32Array(content.length);
  selections.forEach((sel, n) => {
    for (const i of sel) {
      selectedCount[i]++;
      selectedBytes[i] += blobs[n].length;
    }
  });
  const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
  const rate = (s) => `${(mb / s).toFixed(0)} MB/s`;
  console.log(
    `\n## ${label}: ${content.length} content rules, ${kwIndex.size} keywords and gates, ${byLength.size} token lengths, ${keywordless.length} ungated`,
  );
  console.log(`${blobs.length} text blobs, ${mb.toFixed(1)} MB; ${sets.size} distinct selections needing a pattern set`);
  console.log(`keyword set  ${ms(tKw).padStart(8)}  ${rate(tKw)}`);
  console.log(`token words  ${ms(tTokens).padStart(8)}`);
  console.log(`gate set     ${ms(tGate).padStart(8)}`);
  console.log(`pattern sets ${ms(tSet).padStart(8)}  (blobs with ≥2 selected: ${selections.filter((s) => s.length >= 2).length})`);
  console.log(`rule regexes ${ms(tRules).padStart(8)}  (rule runs: ${survivors.reduce((n, s) => n + s.length, 0)})`);
  console.log(`scanBlob     ${ms(tAll).padStart(8)}  ${rate(tAll)}`);
  const order = [...content.keys()].sort((a, b) => selectedBytes[b] - selectedBytes[a]).slice(0, top);
  console.log(`most often selected by keyword (blobs, MB):`);
  for (const i of order) {
    if (selectedCount[i] === 0) break;
    console.log(
      `  ${content[i].id.padEnd(44)} ${String(selectedCount[i]).padStart(5)}  ${(selectedBytes[i] / 1e6).toFixed(1).padStart(6)}  [${content[i].keywords.join(', ')}]`,
    );
  }
  const runCost = content.map((_, rule) => {
    const on = blobs.filter((_, n) => survivors[n].includes(rule));
    const run = () => {
      for (const b of on) regexes[rule].findAll(b);
    };
    return { rule, blobs: on.length, ms: on.length === 0 ? 0 : best(run) * 1000 };
  });
  runCost.sort((a, b) => b.ms - a.ms);
  console.log('own-regex cost of each surviving rule:');
  for (const { rule, blobs: n, ms: cost } of runCost.slice(0, top))
    console.log(`  ${content[rule].id.padEnd(44)} ${cost.toFixed(1).padStart(6)} ms  on ${n} blobs`);
  // What each rule adds to the pattern-set stage: the stage timed again without it.
  const inSets = [...new Set(selections.flatMap((sel) => (sel.length >= 2 ? sel : [])))];
  const marginal = inSets.map((rule) => {
    const without = selections.map((sel) => sel.filter((i) => i !== rule));
    for (const sel of without) if (sel.length >= 2) setFor(sel);
    const t = best(each((b, n) => without[n].length >= 2 && setFor(without[n]).matching(b)));
    return { rule, ms: (tSet - t) * 1000 };
  });
  marginal.sort((a, b) => b.ms - a.ms);
  console.log('pattern-set cost of each rule (the stage without it):');
  for (const { rule, ms: cost } of marginal.slice(0, top))
    console.log(`  ${content[rule].id.padEnd(44)} ${cost.toFixed(1).padStart(6)} ms  in ${selectedCount[rule]} blobs`);
  return tAll;
}

const args = parseArgs(process.argv.slice(2));
const blobs = args.corpus === null ? sampleBlobs(args.repo, args.blobs) : textBlobs(readFileSync(args.corpus));
console.log(
  `${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${args.corpus === null ? `repo ${args.repo}` : `corpus ${args.corpus}`}`,
);
const full = profile(
  'built-in catalog',
  loadBuiltinRules().filter((r) => r.kind !== 'intel'),
  blobs,
  args.top,
);
if (args.compare) {
  const { readdirSync } = await import('node:fs');
  const files = readdirSync(args.compare)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(args.compare, f));
  const first = profile(`rules in ${args.compare}`, loadRuleFiles(files), blobs, args.top);
  console.log(`\nscanBlob: catalog ${((full / first - 1) * 100).toFixed(1)}% over the compared set`);
}
