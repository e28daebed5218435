// Provenance on a generated repository of a few thousand commits: 3,000 files in 300
// directories, a main line with a topic branch merged every 100 commits, 200 annotated tags,
// a deleted branch whose commits are unreachable, and 50 planted secrets.
// Run: npx vitest bench --run benchmarks/provenance.bench.ts   (COMMITS=20000 to scale up)

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { ObjectStore } from '../src/sources/git/object-store.js';
import { computeProvenance } from '../src/sources/git/provenance.js';
import { readRefs } from '../src/sources/git/refs.js';
import { CatFileReader } from '../test/support/cat-file-reader.js';

const COMMITS = Number(process.env.COMMITS ?? 5000);
const work = join(import.meta.dirname, '.work', `provenance-${COMMITS}`);

function git(args: string[], input?: string): string {
  return execFileSync('git', args, {
    cwd: work,
    input,
    maxBuffer: 1 << 30,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: work },
  }).toString('utf8');
}

function fakeKey(seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = 'AKIA';
  for (let i = 0, n = seed + 7; i < 16; i++, n = (n * 1103515245 + 12345) % 2147483648) out += alphabet[(n >>> 16) % 32];
  return out;
}

// One fast-import stream; inline file contents keep it simple and it still loads in seconds.
function buildStream(): string {
  const out: string[] = [];
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const path = (f: number) => `d${String(Math.floor(f / 60)).padStart(2, '0')}/s${Math.floor(f / 10) % 6}/f${f % 10}.txt`;
  const file = (p: string, content: string) => `M 100644 inline ${p}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
  let mark = 0;
  const commit = (ref: string, parents: number[], body: string, time: number) => {
    mark++;
    const msg = `commit ${mark}`;
    const from = parents.map((p, i) => `${i === 0 ? 'from' : 'merge'} :${p}\n`).join('');
    out.push(
      `commit ${ref}\nmark :${mark}\nauthor Dev <dev@example.com> ${time} +0000\ncommitter Dev <dev@example.com> ${time} +0000\n` +
        `data ${msg.length}\n${msg}\n${from}${body}\n`,
    );
    return mark;
  };
  const t0 = 1_600_000_000;
  let initial = '';
  for (let f = 0; f < 3000; f++) initial += file(path(f), `file ${f} v0\n`);
  let main = commit('refs/heads/main', [], initial, t0);
  let topic = main;
  for (let i = 1; i < COMMITS; i++) {
    const onTopic = i % 100 >= 60 && i % 100 < 99;
    let body = '';
    for (let k = 0, n = 1 + random(4); k < n; k++) body += file(path(random(3000)), `edit ${i}.${k}\n`);
    if (i % 100 === 30) body += file(`secrets/s${i}.env`, `aws_access_key_id=${fakeKey(i)}\n`);
    if (i % 100 === 99) {
      main = commit('refs/heads/main', [main, topic], body, t0 + i * 60);
      topic = main;
    } else if (onTopic) {
      topic = commit('refs/heads/topic', [topic], body, t0 + i * 60);
    } else {
      main = commit('refs/heads/main', [main], body, t0 + i * 60);
    }
    if (i % 25 === 0) out.push(`tag v${i}\nfrom :${main}\ntagger Dev <dev@example.com> ${t0 + i * 60} +0000\ndata 3\nrel\n`);
  }
  let scratch = main;
  for (let i = 0; i < 20; i++) {
    scratch = commit(
      'refs/heads/scratch',
      [scratch],
      file(`scratch/x${i}.env`, `secret=${fakeKey(100_000 + i)}\n`),
      t0 + (COMMITS + i) * 60,
    );
  }
  return `${out.join('')}done\n`;
}

if (!existsSync(join(work, 'HEAD'))) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  git(['init', '-q', '--bare', '-b', 'main']);
  git(['fast-import', '--quiet', '--done'], buildStream());
  git(['update-ref', '-d', 'refs/heads/scratch']);
  // Repack as a server or `git gc` would, so trees and commits sit in delta chains as in real clones (-k keeps the unreachable ones).
  git(['repack', '-adkq']);
}

const layout = { gitDir: work, commonDir: work, objectDirs: [join(work, 'objects')], workTree: null, shallow: false };
const reader = CatFileReader.load(work);
const commits = reader.oidsOfType('commit');
const wanted = new Set<string>();
for (const oid of reader.oidsOfType('blob')) if (reader.read(oid).data.includes('AKIA')) wanted.add(oid);
const refs = readRefs(layout, reader);

// What a scan pays: a fresh store (cold delta cache) reading every commit and tree it needs.
function runOnStore(): { ms: number; blobs: number } {
  const started = performance.now();
  const store = ObjectStore.open(layout);
  try {
    const result = computeProvenance(store, { refs: readRefs(layout, store), commits, wanted, shallow: [] });
    return { ms: performance.now() - started, blobs: result.blobs.size };
  } finally {
    store.close();
  }
}

const started = performance.now();
const result = computeProvenance(reader, { refs, commits, wanted, shallow: [] });
const elapsed = performance.now() - started;
const unreachable = [...result.blobs.values()].filter((b) => !b.reachable).length;
console.log(
  `commits=${commits.length} refs=${refs.refs.length} trees=${reader.oidsOfType('tree').length} wanted=${wanted.size} ` +
    `unreachable=${unreachable} issues=${result.issues.length} first run ${elapsed.toFixed(0)} ms; ` +
    `with ObjectStore (refs included, cold): ${runOnStore().ms.toFixed(0)} ms`,
);

describe(`provenance over ${commits.length} commits`, () => {
  bench('readRefs', () => {
    readRefs(layout, reader);
  });
  bench('computeProvenance (objects preloaded, so parsing + walking only)', () => {
    computeProvenance(reader, { refs, commits, wanted, shallow: [] });
  });
  bench('readRefs + computeProvenance on a fresh ObjectStore (inflation included)', () => {
    runOnStore();
  });
});
