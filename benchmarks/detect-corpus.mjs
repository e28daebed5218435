#!/usr/bin/env node
// Detection CPU of one or more builds over the same fixed corpus, one thread, no git reading, so
// two builds can be compared on a shared machine without a whole scan's noise:
//   git -C MIRROR cat-file --batch < ids.txt > corpus.batch        (any list of blob ids)
//   node benchmarks/detect-corpus.mjs corpus.batch --build /tmp/before --build . [--rounds 3] [--decode-depth 2]
// Each round runs every build once, in turn, each in a fresh child process (its own JIT and
// heap), so the builds interleave and a burst of load on the machine hits both. A child loads the
// build's built-in rules, compiles them lazily as a scan worker does, scans the corpus once to
// warm up (lazy compiles, pattern-set cache), then times a second pass with process.cpuUsage().
// It also prints a digest of every match (rule, blob, offsets, line, secret, decoding), so a
// change that should not alter findings can be checked on the same corpus.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function parseArgs(argv) {
  const out = { corpus: null, builds: [], rounds: 3, depth: 2, child: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--build') out.builds.push(resolve(argv[++i] ?? ''));
    else if (a === '--rounds') out.rounds = Number(argv[++i]);
    else if (a === '--decode-depth') out.depth = Number(argv[++i]);
    else if (a === '--child') out.child = true;
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
  const { compileRules, scanBlob } = await mod('detect/matcher.js');
  const rules = existsSync(join(build, 'dist/detect/builtin-rules.js'))
    ? await (await mod('detect/builtin-rules.js')).loadBuiltinRulesQuickly()
    : (await mod('detect/rule-load.js')).loadBuiltinRules();
  const decoding = existsSync(join(build, 'dist/detect/decode-layer.js')) ? await mod('detect/decode-layer.js') : null;
  const compiled = compileRules(rules, { lazy: true });
  const scan =
    decoding === null || args.depth === 0
      ? (b) => scanBlob(compiled, b.data, b.id)
      : (b) => decoding.scanBlobDecoded(compiled, b.data, b.id, args.depth);
  const blobs = readCorpus(args.corpus);
  const digest = createHash('sha256');
  let matches = 0;
  for (const b of blobs) {
    for (const m of scan(b).matches) {
      matches++;
      digest.update(`${m.ruleId} ${m.blobId} ${m.start} ${m.end} ${m.line} ${m.secret} ${m.decoded ?? ''}\n`);
    }
  }
  const before = process.cpuUsage();
  for (const b of blobs) scan(b);
  const used = process.cpuUsage(before);
  const mb = blobs.reduce((n, b) => n + b.data.length, 0) / 1e6;
  process.stdout.write(
    JSON.stringify({
      rules: rules.length,
      blobs: blobs.length,
      mb,
      cpu: (used.user + used.system) / 1e6,
      matches,
      digest: digest.digest('hex').slice(0, 16),
    }),
  );
}

function parent(args) {
  console.log(
    `corpus ${args.corpus}, decode depth ${args.depth}, ${args.rounds} rounds; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const results = new Map(args.builds.map((b) => [b, []]));
  for (let r = 0; r < args.rounds; r++) {
    for (const build of args.builds) {
      const line = execFileSync(
        process.execPath,
        [import.meta.filename, args.corpus, '--child', '--build', build, '--decode-depth', String(args.depth)],
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
