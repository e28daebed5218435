#!/usr/bin/env node
// CPU of the history-completeness check alone (every tree entry and commit link looked up in the
// object store), for one or more builds over the same repository, in one thread:
//   node benchmarks/named-objects-check.mjs REPO [--build DIR]... [--rounds 2]
// Trees and commits are read once, up front; then each round times every build's
// NamedObjectCheck over all of them with process.cpuUsage and prints how many objects it found
// missing, which must agree between builds.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
let repo = null;
const builds = [];
let rounds = 2;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--build') builds.push(resolve(args[++i] ?? ''));
  else if (args[i] === '--rounds') rounds = Number(args[++i]);
  else if (!args[i].startsWith('-')) repo = resolve(args[i]);
  else throw new Error(`unknown argument ${args[i]}`);
}
if (repo === null) throw new Error('give the repository');
if (builds.length === 0) builds.push(resolve(import.meta.dirname, '..'));
const load = (build, path) => import(pathToFileURL(`${build}/dist/${path}`).href);

const mods = [];
for (const build of builds) {
  mods.push({ build, store: await load(build, 'sources/git/object-store.js'), named: await load(build, 'scan/named-objects.js') });
}
const { locateRepository } = await load(builds[0], 'sources/git/repo-layout.js');
const layout = await locateRepository(repo);
const reader = mods[0].store.ObjectStore.open(layout);
const trees = [];
const commits = [];
for (const loc of reader.enumerate()) {
  const obj = reader.readAt(loc);
  if (obj.type === 'tree') trees.push([loc.oid, Buffer.from(obj.data)]);
  else if (obj.type === 'commit') commits.push([loc.oid, Buffer.from(obj.data)]);
}
reader.close();
const mb = trees.reduce((n, [, data]) => n + data.length, 0) / 1e6;
console.log(`${repo}: ${trees.length} trees (${mb.toFixed(1)} MB), ${commits.length} commits`);
for (let r = 0; r < rounds; r++) {
  for (const { build, store, named } of mods) {
    const s = store.ObjectStore.open(layout);
    const check = new named.NamedObjectCheck(s);
    const missing = [];
    const before = process.cpuUsage();
    for (const [oid, data] of trees) check.tree(oid, data, missing);
    for (const [oid, data] of commits) check.commit(oid, data, missing);
    const used = process.cpuUsage(before);
    s.close();
    console.log(`  round ${r + 1} ${build}: ${((used.user + used.system) / 1e6).toFixed(2)} s CPU, ${missing.length} missing`);
  }
}
