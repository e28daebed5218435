#!/usr/bin/env node
// Detection CPU of one or more builds over the same fixed corpus, one thread, no git reading, so
// two builds can be compared on a shared machine without a whole scan's noise:
//   git -C MIRROR cat-file --batch < ids.txt > corpus.batch        (any list of blob ids)
//   node benchmarks/detect-corpus.mjs corpus.batch --build /tmp/before --build . [--rounds 3] [--decode-depth 2]
//     [--keywords-only] [--evict-mib N]
// Each round runs every build once, in turn, each in a fresh child process (its own JIT and
// heap), so the builds interleave and a burst of load on the machine hits both. A child loads the
// build's built-in rules, compiles them lazily as a scan worker does, scans the corpus once to
// warm up (lazy compiles, pattern-set cache), then times a second pass with process.cpuUsage().
// It also prints a digest of every match (rule, blob, offsets, line, secret, decoding), so a
// change that should not alter findings can be checked on the same corpus.
// --keywords-only times the prefilter's keyword stage alone (the digest is then of the entries it
// names per blob). --evict-mib N reads N MiB of other memory before each blob, as a whole scan's
// other work (inflating, deltas, RE2) does, so tables that fit the cache only when nothing else
// runs show their real cost; only the detection calls are timed then (wall clock, one thread).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function parseArgs(argv) {
  const out = { corpus: null, builds: [], rounds: 3, depth: 2, child: false, keywordsOnly: false, evictMib: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--build') out.builds.push(resolve(argv[++i] ?? ''));
    else if (a === '--rounds') out.rounds = Number(argv[++i]);
    else if (a === '--decode-depth') out.depth = Number(argv[++i]);
    else if (a === '--child') out.child = true;
    else if (a === '--keywords-only') out.keywordsOnly = true;
    else if (a === '--evict-mib') out.evictMib = Number(argv[++i]);
    else if (!a.startsWith('-')) out.corpus = resolve(a);
    else throw new Error(`unknown argument ${a}`);
  }
  if (out.corpus === null || !existsSync(out.corpus)) throw new Error('give the corpus file (git cat-file --batch output)');
  if (out.builds.length === 0) out.builds.push(resolve(import.meta.dirname, '..'));
  return out;
}

// `git cat-file --batch` output: "<id> <type> <size>\n<bytes>\n" per object.
function readCorpus(file) {
  const raw = readFileSync(file);
  const blobs = [];
  let at = 0;
  while (at < raw.length) {
    const nl = raw.indexOf(10, at);
    const [id, type, size] = raw.toString('latin1', at, nl).split(' ');
    const data = raw.subarray(nl + 1, nl + 1 + Number(size));
    if (type === 'blob') blobs.push({ id, data });
    at = nl + 1 + Number(size) + 1;
  }
  return blobs;
}

async function child(args) {
  const build = args.builds[0];
  const mod = (p) => import(pathToFileURL(join(build, 'dist', p)).href);
  const rules = existsSync(join(build, 'dist/detect/builtin-rules.js'))
    ? await (await mod('detect/builtin-rules.js')).loadBuiltinRulesQuickly()
    : (await mod('detect/rule-load.js')).loadBuiltinRules();
  const scan = args.keywordsOnly ? await keywordStage(mod, rules) : await detection(mod, build, rules, args.depth);
  const blobs = readCorpus(args.corpus);
  const digest = createHash('sha256');
  let matches = 0;
  for (const b of blobs) {
    for (const m of scan(b)) {
      matches++;
      digest.update(`${m}\n`);
    }
  }
  const other = new Uint32Array((args.evictMib << 20) >> 2);
  let used;
  if (other.length === 0) {
    const before = process.cpuUsage();
    for (const b of blobs) scan(b);
    const cpu = process.cpuUsage(before);
    used = (cpu.user + cpu.system) / 1e6;
  } else {
    let ns = 0n;
    for (const b of blobs) {
      // One read per cache line.
      for (let k = 0; k < other.length; k += 16) other[k]++;
      const start = process.hrtime.bigint();
      scan(b);
      ns += process.hrtime.bigint() - start;
    }
    used = Number(ns) / 1e9;
  }
  const mb = blobs.reduce((n, b) => n + b.data.length, 0) / 1e6;
  process.stdout.write(
    JSON.stringify({
      rules: rules.length,
      blobs: blobs.length,
      mb,
      cpu: used,
      matches,
      digest: digest.digest('hex').slice(0, 16),
    }),
  );
}

// Each match of a blob as a line of the digest.
async function detection(mod, build, rules, depth) {
  const { compileRules, scanBlob } = await mod('detect/matcher.js');
  const decoding = existsSync(join(build, 'dist/detect/decode-layer.js')) ? await mod('detect/decode-layer.js') : null;
  const compiled = compileRules(rules, { lazy: true });
  const scan =
    decoding === null || depth === 0
      ? (b) => scanBlob(compiled, b.data, b.id)
      : (b) => decoding.scanBlobDecoded(compiled, b.data, b.id, depth);
  return (b) => scan(b).matches.map((m) => `${m.ruleId} ${m.blobId} ${m.start} ${m.end} ${m.line} ${m.secret} ${m.decoded ?? ''}`);
}

// The entries (keywords, gates) the prefilter's keyword stage finds in a blob, as one line.
async function keywordStage(mod, rules) {
  const { keywordEntries } = await mod('detect/prefilter.js');
  const { compileKeywordStage } = await mod('detect/keyword-stage.js');
  const stage = compileKeywordStage(keywordEntries(rules).entries);
  return (b) => {
    const hits = stage.matching(b.data);
    return hits === null || hits.length === 0 ? [] : [`${b.id} ${hits.join(',')}`];
  };
}

function parent(args) {
  console.log(
    `corpus ${args.corpus}, ${args.keywordsOnly ? 'keyword stage only' : `decode depth ${args.depth}`}, ${args.evictMib} MiB evicted per blob, ${args.rounds} rounds; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const results = new Map(args.builds.map((b) => [b, []]));
  for (let r = 0; r < args.rounds; r++) {
    for (const build of args.builds) {
      const line = execFileSync(
        process.execPath,
        [
          import.meta.filename,
          args.corpus,
          '--child',
          '--build',
          build,
          '--decode-depth',
          String(args.depth),
          ...(args.keywordsOnly ? ['--keywords-only'] : []),
          '--evict-mib',
          String(args.evictMib),
        ],
        { maxBuffer: 1 << 20 },
      ).toString();
      const res = JSON.parse(line);
      results.get(build).push(res);
      console.log(`  round ${r + 1} ${build}: ${res.cpu.toFixed(2)} s CPU, ${res.matches} matches, digest ${res.digest}`);
    }
  }
  console.log(
    `load after ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log('| build | rules | blobs | MB | CPU s (min) | CPU s (median) | matches | digest |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const [build, runs] of results) {
    const cpus = runs.map((x) => x.cpu).sort((a, b) => a - b);
    const f = runs[0];
    console.log(
      `| ${build} | ${f.rules} | ${f.blobs} | ${f.mb.toFixed(0)} | ${cpus[0].toFixed(2)} | ${cpus[Math.floor(cpus.length / 2)].toFixed(2)} | ${f.matches} | ${f.digest} |`,
    );
  }
}

const args = parseArgs(process.argv.slice(2));
if (args.child) await child(args);
else parent(args);
