#!/usr/bin/env node
// Builds a deterministic git repository for the history-scan benchmark:
//   node benchmarks/make-synthetic-repo.mjs <dir> [--commits 3000] [--seed 1] [--force]
//
// Real text rather than random bytes, so prefilters and regexes see what they see in the field:
// a few hundred JS/TS/Python/YAML/Markdown/JSON files taken from node_modules/ (fixed by the
// lockfile), edited a few lines at a time in 1-5 files per commit, so history holds thousands of
// versions that git stores as deltas. Feature branches (most merged), tags, fixed authors and
// dates. Made-up secrets are planted and later removed; one lives only in a commit no ref reaches.
// `git fast-import` writes all commits in one pass; `git repack -f` then gives real deltas.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const QUOTAS = { '.js': 90, '.ts': 80, '.md': 40, '.py': 40, '.json': 25, '.yml': 10, '.mjs': 10, '.cjs': 5 };
const AUTHORS = [
  'Ada Park <ada.park@example.com>',
  'Bruno Diaz <bruno@example.com>',
  'Chen Wei <chen.wei@example.com>',
  'Dana Cole <dana@example.com>',
];
const WORDS = [
  'value',
  'options',
  'result',
  'buffer',
  'handler',
  'config',
  'index',
  'payload',
  'context',
  'request',
  'response',
  'items',
  'entry',
  'cache',
  'timeout',
  'retries',
  'callback',
  'stream',
  'target',
  'source',
  'limit',
  'offset',
  'marker',
  'account',
  'parser',
];
const VERBS = ['Fix', 'Refactor', 'Tidy', 'Speed up', 'Handle', 'Rename', 'Document', 'Simplify', 'Guard', 'Test'];
const START = Date.UTC(2022, 0, 3, 9) / 1000;

/** Mulberry32: tiny, seedable, good enough to pick lines. */
function makeRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  const chars = (n, alphabet) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('');
  return { next, int, pick, chars };
}

// Dot entries are caches (node_modules/.vite changes on every test run) and would break determinism.
function listCandidates(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const info = lstatSync(path);
    if (info.isDirectory()) listCandidates(path, out);
    else if (info.isFile() && info.size >= 1024 && info.size <= 40_000 && QUOTAS[extname(name)]) out.push(path);
  }
  return out;
}

// Picks files per extension and lays them out like a monorepo: packages/, docs/, tools/, .ci/.
function pickCorpus(rnd) {
  const all = listCandidates(join(ROOT, 'node_modules'));
  const files = new Map();
  for (const [ext, quota] of Object.entries(QUOTAS)) {
    const pool = all.filter((p) => extname(p) === ext);
    for (let i = 0; i < Math.min(quota, pool.length); i++) {
      const j = i + rnd.int(pool.length - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
      const rel = relative(join(ROOT, 'node_modules'), pool[i]).split('/');
      const pkg = (rel[0].startsWith('@') ? `${rel[0].slice(1)}-${rel[1]}` : rel[0]).replace(/[^a-z0-9-]/gi, '-');
      const top =
        { '.md': `docs/${pkg}`, '.py': `tools/${pkg}`, '.yml': `.ci/${pkg}`, '.ts': `packages/${pkg}/types` }[ext] ?? `packages/${pkg}/src`;
      let path = `${top}/${basename(pool[i])}`;
      for (let n = 2; files.has(path); n++) path = `${top}/${n}-${basename(pool[i])}`;
      files.set(path, readFileSync(pool[i], 'utf8').split('\n'));
    }
  }
  if (files.size < 100) throw new Error('node_modules/ holds too few source files; run npm ci first');
  return files;
}

function mutateLine(line, rnd) {
  const ids = line.match(/[A-Za-z_][A-Za-z0-9_]{2,}/g);
  if (ids) return line.replace(rnd.pick(ids), rnd.pick(WORDS));
  if (/\d/.test(line)) return line.replace(/\d+/, String(rnd.int(1000)));
  return `${line}${rnd.pick(WORDS)}`;
}

// A few realistic line edits: mostly changed lines, some copied-and-changed lines, some deletions.
function editLines(lines, rnd) {
  const out = lines.slice();
  for (let n = 1 + rnd.int(4); n > 0; n--) {
    const at = rnd.int(out.length);
    const op = rnd.next();
    if (op < 0.5) out[at] = mutateLine(out[at], rnd);
    else if (op < 0.8 || out.length < 20) out.splice(at, 0, mutateLine(out[rnd.int(out.length)], rnd));
    else out.splice(at, 1);
  }
  return out;
}

// Made-up credentials in the shapes real ones have (checksums included), never live ones.
function makeSecrets(rnd) {
  const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const B64 = `${B62}+/`;
  const base62 = (n, w) => {
    let s = '';
    for (let v = n; v > 0; v = Math.floor(v / 62)) s = B62[v % 62] + s;
    return s.padStart(w, '0');
  };
  const ghBody = rnd.chars(30, B62);
  const pem = Array.from({ length: 25 }, (_, i) => (i === 0 ? `MIIEpAIBAAKCAQEA${rnd.chars(48, B64)}` : rnd.chars(64, B64)));
  return {
    aws1: { id: `AKIA${rnd.chars(16, B32)}`, secret: rnd.chars(40, B64) },
    aws2: { id: `AKIA${rnd.chars(16, B32)}`, secret: rnd.chars(40, B64) },
    github: `ghp_${ghBody}${base62(crc32(ghBody), 6)}`,
    pem: ['-----BEGIN RSA PRIVATE KEY-----', ...pem, `${rnd.chars(40, B64)}==`, '-----END RSA PRIVATE KEY-----'],
    slack: `https://hooks.slack.com/services/T${rnd.chars(10, B32)}/B${rnd.chars(10, B32)}/${rnd.chars(24, B62)}`,
    postgres: `postgres://app_rw:${rnd.chars(14, B62)}@db.internal.example.com:5432/orders`,
  };
}

// The planted secrets' life cycle, by fraction of the commit count: [when, message, path, lines or
// null to delete]. Each step is one commit on main.
function plantingPlan(s) {
  return [
    [
      0.08,
      'Add production settings',
      'config/prod.env',
      ['NODE_ENV=production', `AWS_ACCESS_KEY_ID=${s.aws1.id}`, `AWS_SECRET_ACCESS_KEY=${s.aws1.secret}`, 'AWS_REGION=eu-west-1', ''],
    ],
    [0.15, 'Remove committed production settings', 'config/prod.env', null],
    [
      0.25,
      'Add deploy script',
      'scripts/deploy.sh',
      ['#!/bin/sh', 'set -eu', `export GITHUB_TOKEN=${s.github}`, 'gh release create "$1" dist/*', ''],
    ],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, written literally
    [
      0.27,
      'Read the deploy token from CI',
      'scripts/deploy.sh',
      ['#!/bin/sh', 'set -eu', 'export GITHUB_TOKEN="${GITHUB_TOKEN:?set in CI}"', 'gh release create "$1" dist/*', ''],
    ],
    [0.4, 'Add deploy key', 'deploy/keys/id_rsa.pem', [...s.pem, '']],
    [0.55, 'Remove deploy key', 'deploy/keys/id_rsa.pem', null],
    [0.6, 'Notify the team on release', 'config/notify.yml', ['notify:', '  channel: releases', `  webhook: ${s.slack}`, '']],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an environment reference in YAML, written literally
    [
      0.7,
      'Take the webhook from the environment',
      'config/notify.yml',
      ['notify:', '  channel: releases', '  webhook: ${SLACK_WEBHOOK_URL}', ''],
    ],
    [0.75, 'Add database settings', 'tools/db/settings.py', ['import os', '', `DATABASE_URL = "${s.postgres}"`, 'POOL_SIZE = 10', '']],
    [
      0.76,
      'Database URL from the environment',
      'tools/db/settings.py',
      ['import os', '', 'DATABASE_URL = os.environ["DATABASE_URL"]', 'POOL_SIZE = 10', ''],
    ],
  ];
}

/** Writes a fast-import stream for the whole history; returns what was made. */
async function writeHistory(input, { commits, seed }) {
  const rnd = makeRandom(seed);
  const secrets = makeSecrets(rnd);
  const plan = plantingPlan(secrets);
  const planted = new Set(plan.map((step) => step[2]));
  let chunks = [];
  let pending = 0;
  const put = async (text) => {
    const buf = Buffer.from(text);
    chunks.push(buf);
    pending += buf.length;
    if (pending < 1 << 20) return;
    if (!input.write(Buffer.concat(chunks))) await once(input, 'drain');
    chunks = [];
    pending = 0;
  };
  let mark = 0;
  let time = START;
  const commit = async (ref, parent, files, changed, message, merge) => {
    time += 600 + rnd.int(36_000);
    const who = rnd.pick(AUTHORS);
    let text = `commit ${ref}\nmark :${++mark}\nauthor ${who} ${time} +0000\ncommitter ${who} ${time} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`;
    if (parent) text += `from :${parent}\n`;
    if (merge) text += `merge :${merge}\n`;
    for (const path of changed) {
      const lines = files.get(path);
      if (!lines) text += `D ${path}\n`;
      else {
        const body = lines.join('\n');
        text += `M 100644 inline ${path}\ndata ${Buffer.byteLength(body)}\n${body}\n`;
      }
    }
    await put(`${text}\n`);
    return mark;
  };
  const main = { tip: 0, files: pickCorpus(rnd) };
  main.tip = await commit('refs/heads/main', 0, main.files, [...main.files.keys()], 'Initial import');
  let feature = null;
  let made = 1;
  let features = 0;
  let tags = 0;
  let unreachable = null;
  while (made < commits) {
    const planned = plan.length > 0 && made >= plan[0][0] * commits ? plan.shift() : null;
    if (planned) {
      const [, message, path, lines] = planned;
      if (lines) main.files.set(path, lines);
      else main.files.delete(path);
      main.tip = await commit('refs/heads/main', main.tip, main.files, [path], message);
    } else if (!unreachable && made >= 0.85 * commits) {
      const files = new Map(main.files).set('.env.local', [
        `AWS_ACCESS_KEY_ID=${secrets.aws2.id}`,
        `AWS_SECRET_ACCESS_KEY=${secrets.aws2.secret}`,
        '',
      ]);
      unreachable = await commit('refs/heads/wip/leak', main.tip, files, ['.env.local'], 'WIP: try local credentials');
      continue;
    } else if (feature && (feature.left === 0 || made === commits - 1)) {
      const merged = feature.changed.size > 0 && rnd.next() < 0.8;
      if (merged) {
        for (const p of feature.changed) main.files.set(p, feature.files.get(p));
        main.tip = await commit(
          'refs/heads/main',
          main.tip,
          main.files,
          [...feature.changed],
          `Merge branch '${feature.name}'`,
          feature.tip,
        );
      }
      feature = null;
      if (!merged) continue;
    } else {
      if (!feature && rnd.next() < 0.02) {
        feature = {
          name: `feature/${rnd.pick(WORDS)}-${++features}`,
          tip: main.tip,
          files: new Map(main.files),
          changed: new Set(),
          left: 3 + rnd.int(10),
        };
      }
      const onFeature = feature && rnd.next() < 0.5;
      const branch = onFeature ? feature : main;
      const paths = [...branch.files.keys()].filter((p) => !planted.has(p));
      const changed = new Set();
      for (let n = 1 + rnd.int(5); n > 0; n--) {
        const path = rnd.pick(paths);
        branch.files.set(path, editLines(branch.files.get(path), rnd));
        changed.add(path);
      }
      const msg = `${rnd.pick(VERBS)} ${rnd.pick(WORDS)} in ${basename([...changed][0])}`;
      const ref = onFeature ? `refs/heads/${feature.name}` : 'refs/heads/main';
      branch.tip = await commit(ref, branch.tip, branch.files, [...changed], msg);
      if (onFeature) {
        for (const p of changed) feature.changed.add(p);
        feature.left--;
      }
    }
    made++;
    if (made % 250 === 0) {
      tags++;
      const name = `v0.${tags}.0`;
      if (tags % 2 === 1)
        await put(`tag ${name}\nfrom :${main.tip}\ntagger ${AUTHORS[0]} ${time} +0000\ndata ${name.length + 9}\nRelease ${name}\n\n`);
      else await put(`reset refs/tags/${name}\nfrom :${main.tip}\n\n`);
    }
  }
  await put('done\n');
  input.end(Buffer.concat(chunks));
  return { features, tags, plantedLeft: plan.length };
}

function git(dir, args, options = {}) {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };
  return execFileSync('git', ['-c', 'gc.auto=0', '-c', 'init.defaultBranch=main', ...args], {
    cwd: dir,
    env,
    maxBuffer: 1 << 30,
    ...options,
  }).toString();
}

/** Sizes of what `dir` holds, from git's own plumbing; `fsck` also counts unreachable commits (slow on big repos). */
export function describeRepo(dir, { fsck = true } = {}) {
  let blobs = 0;
  let blobBytes = 0;
  let objects = 0;
  for (const line of git(dir, ['cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectsize)']).split('\n')) {
    if (!line) continue;
    objects++;
    const [type, size] = line.split(' ');
    if (type === 'blob') {
      blobs++;
      blobBytes += Number(size);
    }
  }
  const counts = Object.fromEntries(
    git(dir, ['count-objects', '-v'])
      .trim()
      .split('\n')
      .map((l) => l.split(': ')),
  );
  const refs = git(dir, ['for-each-ref', '--format=%(refname)']).trim().split('\n');
  const dangling = fsck ? git(dir, ['fsck', '--unreachable', '--no-reflogs', '--connectivity-only']) : null;
  return {
    commits: Number(git(dir, ['rev-list', '--all', '--count']).trim()),
    unreachableCommits: dangling === null ? null : (dangling.match(/^unreachable commit/gm) ?? []).length,
    branches: refs.filter((r) => r.startsWith('refs/heads/')).length,
    tags: refs.filter((r) => r.startsWith('refs/tags/')).length,
    objects,
    blobs,
    blobBytes,
    packBytes: (Number(counts['size-pack']) + Number(counts.size)) * 1024,
    packs: Number(counts.packs),
    looseObjects: Number(counts.count),
    head: git(dir, ['rev-parse', 'HEAD']).trim(),
  };
}

/** Builds the repository in `dir` (which must not exist unless `force`) and returns its stats. */
export async function makeSyntheticRepo(dir, { commits = 3000, seed = 1, force = false } = {}) {
  if (existsSync(dir)) {
    if (!force) throw new Error(`${dir} exists; remove it or pass --force`);
    rmSync(dir, { recursive: true, force: true });
  }
  const started = performance.now();
  mkdirSync(dirname(resolve(dir)), { recursive: true });
  git(ROOT, ['init', '-q', dir]);
  const importer = spawn('git', ['-c', 'gc.auto=0', 'fast-import', '--quiet', '--done'], {
    cwd: dir,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const exited = once(importer, 'exit');
  const made = await writeHistory(importer.stdin, { commits, seed });
  const [code] = await exited;
  if (code !== 0) throw new Error(`git fast-import exited ${code}`);
  // fast-import's own deltas are poor; a forced repack recomputes them, as a server's gc would.
  git(dir, ['repack', '-a', '-d', '-f', '-q', '--depth=50', '--window=250']);
  git(dir, ['update-ref', '-d', 'refs/heads/wip/leak']);
  git(dir, ['reflog', 'expire', '--expire=all', '--all']);
  git(dir, ['-c', 'gc.pruneExpire=never', 'gc', '-q']);
  git(dir, ['reset', '-q', '--hard']);
  return { ...describeRepo(dir), featureBranches: made.features, seed, buildSeconds: (performance.now() - started) / 1000 };
}

function parseArgs(argv) {
  const out = { dir: null, commits: 3000, seed: 1, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--commits') out.commits = Number(argv[++i]);
    else if (a === '--seed') out.seed = Number(argv[++i]);
    else if (a === '--force') out.force = true;
    else if (!a.startsWith('-') && !out.dir) out.dir = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!out.dir || !(out.commits >= 10) || !Number.isInteger(out.seed)) {
    throw new Error('usage: make-synthetic-repo.mjs <dir> [--commits N>=10] [--seed S] [--force]');
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const stats = await makeSyntheticRepo(args.dir, args);
    const mb = (n) => (n / 1e6).toFixed(1);
    console.log(`repo ${resolve(args.dir)} (seed ${stats.seed}) built in ${stats.buildSeconds.toFixed(1)} s`);
    console.log(
      `commits ${stats.commits} reachable + ${stats.unreachableCommits} unreachable; ${stats.branches} branches, ${stats.tags} tags`,
    );
    console.log(
      `objects ${stats.objects}; blobs ${stats.blobs}, ${mb(stats.blobBytes)} MB unique; packed ${mb(stats.packBytes)} MB in ${stats.packs} pack(s) + ${stats.looseObjects} loose`,
    );
    console.log(`HEAD ${stats.head}`);
  } catch (err) {
    console.error(`make-synthetic-repo: ${err.message}`);
    process.exitCode = 2;
  }
}
