// Reading every object of a repository: credsweep's ObjectStore (enumerate + readAt in pack
// order) against `git cat-file --batch-all-objects --batch`, the bar the product card sets.
//
// The repository is generated once under benchmarks/.work/: real source text (the .js/.ts/.md
// files of node_modules) edited a few lines at a time over COMMITS commits, then `git gc`, so the
// pack has realistic delta chains. Pass a path to measure another repository instead.
//
//   npx tsc -p tsconfig.build.json && node benchmarks/read-objects.mjs [repo]
//   COMMITS=3000 RUNS=3 THREADS=2 node benchmarks/read-objects.mjs
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';

const here = import.meta.dirname;
const COMMITS = Number(process.env.COMMITS ?? 3000);
const RUNS = Number(process.env.RUNS ?? 3);
const THREADS = Number(process.env.THREADS ?? 2);
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: '/nonexistent' };

function listSeedFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts|md)$/.test(e.name) && statSync(p).size > 2048 && statSync(p).size < 80_000) out.push(p);
    }
  };
  walk(root);
  return out;
}

async function buildRepo(dir) {
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '--bare', dir], { env });
  const root = join(here, '..', 'node_modules');
  const files = new Map(listSeedFiles(root).map((p) => [relative(root, p), readFileSync(p, 'utf8').split('\n')]));
  const paths = [...files.keys()];
  let seed = 7;
  const random = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const child = spawn('git', ['fast-import', '--quiet'], { cwd: dir, env, stdio: ['pipe', 'inherit', 'inherit'] });
  const write = (s) => (child.stdin.write(s) ? null : new Promise((r) => child.stdin.once('drain', r)));
  const fileCmd = (p) => {
    const body = Buffer.from(files.get(p).join('\n'));
    return Buffer.concat([Buffer.from(`M 100644 inline src/${p}\ndata ${body.length}\n`), body, Buffer.from('\n')]);
  };
  for (let i = 0; i < COMMITS; i++) {
    const touched = [];
    if (i === 0) touched.push(...paths);
    else {
      for (let k = 0, n = 1 + random(4); k < n; k++) {
        const p = paths[random(paths.length)];
        const lines = files.get(p);
        for (let e = 0, m = 1 + random(5); e < m; e++) {
          const at = random(lines.length);
          const op = random(3);
          if (op === 0) lines.splice(at, 0, `  // change ${i}.${e}: adjust ${lines[at]?.trim().slice(0, 30) ?? ''}`);
          else if (op === 1 && lines.length > 20) lines.splice(at, 1);
          else lines[at] = `${lines[at] ?? ''} /* ${i} */`;
        }
        touched.push(p);
      }
      if (i % 50 === 0) {
        const copy = `copies/c${i}/${paths[random(paths.length)]}`;
        files.set(copy, [...files.get(touched[0])]);
        paths.push(copy);
        touched.push(copy);
      }
    }
    const msg = `change ${i}\n`;
    const time = 1_600_000_000 + i * 600;
    const head = `commit refs/heads/main\nauthor Dev <dev@example.com> ${time} +0000\ncommitter Dev <dev@example.com> ${time} +0000\ndata ${msg.length}\n${msg}`;
    await write(head);
    for (const p of new Set(touched)) await write(fileCmd(p));
    await write('\n');
  }
  child.stdin.end('done\n');
  await new Promise((r, j) => child.on('exit', (code) => (code === 0 ? r() : j(new Error(`fast-import ${code}`)))));
  execFileSync('git', ['gc', '-q', '--prune=now'], { cwd: dir, env });
}

function time(fn) {
  const t = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, result };
}

function best(fn) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(time(fn));
  runs.sort((a, b) => a.ms - b.ms);
  return runs[0];
}

function timeGit(dir, extra) {
  return best(() => {
    execFileSync('sh', ['-c', `git cat-file --batch-all-objects --batch ${extra} > /dev/null`], { cwd: dir, env });
  }).ms;
}

async function readOnThreads(layout, locations, threads) {
  const size = Math.ceil(locations.length / threads);
  const t = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: threads }, (_, k) => {
      const worker = new Worker(join(here, 'read-objects-worker.mjs'), {
        workerData: { layout, locations: locations.slice(k * size, (k + 1) * size) },
      });
      return new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function main() {
  const dir = process.argv[2] ?? join(here, '.work', `read-objects-${COMMITS}`);
  if (!existsSync(dir)) {
    console.log(`building ${dir} (${COMMITS} commits)...`);
    await buildRepo(dir);
  }
  const { locateRepository } = await import('../dist/sources/git/repo-layout.js');
  const { ObjectStore } = await import('../dist/sources/git/object-store.js');
  const { usePublicZlib } = await import('../dist/sources/git/inflate.js');
  const layout = await locateRepository(dir);

  const probe = ObjectStore.open(layout);
  const enumerate = best(() => probe.enumerate());
  const locations = enumerate.result;
  probe.close();
  const packBytes = probe.packs.reduce((n, p) => n + statSync(p).size, 0);

  const readAll = (publicZlib) =>
    best(() => {
      usePublicZlib(publicZlib);
      const store = ObjectStore.open(layout);
      let bytes = 0;
      for (const loc of store.enumerate()) bytes += store.readAt(loc).data.length;
      store.close();
      return bytes;
    });
  const ours = readAll(false);
  const oursPublic = readAll(true);
  usePublicZlib(false);
  const threadRuns = [];
  for (let i = 0; i < RUNS; i++) threadRuns.push(await readOnThreads(layout, locations, THREADS));

  const gitSorted = timeGit(dir, '');
  const gitUnordered = timeGit(dir, '--unordered');
  const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
  console.log(`repository: ${dir}`);
  console.log(
    `objects: ${locations.length}, packs: ${probe.packs.length} (${(packBytes / 2 ** 20).toFixed(1)} MiB), content: ${(ours.result / 2 ** 20).toFixed(1)} MiB`,
  );
  console.log(`git cat-file --batch-all-objects --batch              ${fmt(gitSorted)}`);
  console.log(`git cat-file --batch-all-objects --batch --unordered  ${fmt(gitUnordered)}`);
  console.log(`ObjectStore enumerate()                               ${fmt(enumerate.ms)}`);
  console.log(`ObjectStore open+enumerate+readAt, 1 thread           ${fmt(ours.ms)}  (${(ours.ms / gitSorted).toFixed(2)}x git)`);
  console.log(`  same with public node:zlib inflateSync              ${fmt(oursPublic.ms)}`);
  console.log(
    `ObjectStore readAt on ${THREADS} worker threads (halves)     ${fmt(Math.min(...threadRuns))}  (${(Math.min(...threadRuns) / gitSorted).toFixed(2)}x git)`,
  );
}

await main();
