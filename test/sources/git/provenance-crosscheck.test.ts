// Cross-checks provenance against a brute-force oracle built from git's own answers
// (`ls-tree -r` of every commit, `rev-list` of every ref) on a random but seeded history with
// branches, merges, renames, deletions, tags and a dropped branch.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, fakeKeyId, type Sandbox } from '../../support/git-sandbox.js';
import { runProvenance } from '../../support/provenance-run.js';

const CONTENTS = ['alpha\n', 'beta\n', 'gamma\n', `k=${fakeKeyId(11)}\n`, `k=${fakeKeyId(12)}\n`, `t=${fakeKeyId(13)}\n`];
const PATHS = ['a.txt', 'x/b.txt', 'x/y/c.txt', 'x/y/d.env', 'z/e.env', 'z/f/g.txt'];

function buildStream(): string {
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed >>> 8) % n;
  };
  const heads: Record<string, { mark: number; files: Map<string, string> }> = {};
  const out: string[] = [];
  let mark = 0;
  const branches = ['main', 'dev', 'topic', 'dropped'];
  for (let i = 0; i < 90; i++) {
    const branch = i < 3 ? 'main' : (branches[random(4)] as string);
    const head = heads[branch] ?? heads.main;
    const files = new Map(head?.files ?? []);
    const ops: string[] = [];
    for (let k = 0, n = 1 + random(3); k < n; k++) {
      const op = random(10);
      const path = PATHS[random(PATHS.length)] as string;
      if (op < 6 || files.size === 0) {
        const content = CONTENTS[random(CONTENTS.length)] as string;
        files.set(path, content);
        ops.push(`M 100644 inline ${path}\ndata ${content.length}\n${content}`);
      } else if (op < 8 && files.has(path)) {
        files.delete(path);
        ops.push(`D ${path}\n`);
      } else if (files.has(path)) {
        const to = `moved/${path}`;
        files.set(to, files.get(path) as string);
        files.delete(path);
        ops.push(`R ${path} ${to}\n`);
      }
    }
    const parents = head === undefined ? [] : [head.mark];
    const other = branches[random(4)] as string;
    if (random(6) === 0 && heads[other] !== undefined && other !== branch) parents.push((heads[other] as { mark: number }).mark);
    mark++;
    const time = 1_700_000_000 + random(100_000);
    out.push(
      `commit refs/heads/${branch}\nmark :${mark}\nauthor Dev <dev@example.com> ${time} +0000\n` +
        `committer Dev <dev@example.com> ${time} +0000\ndata 2\nc\n` +
        parents.map((p, j) => `${j === 0 ? 'from' : 'merge'} :${p}\n`).join('') +
        `${ops.join('')}\n`,
    );
    heads[branch] = { mark, files };
    if (i % 30 === 29) out.push(`tag v${i}\nfrom :${mark}\ntagger Dev <dev@example.com> ${time} +0000\ndata 1\nt\n`);
  }
  return `${out.join('')}done\n`;
}

describe('computeProvenance agrees with a brute-force oracle from git', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = createSandbox();
    box.run(['fast-import', '--quiet', '--done'], { input: buildStream() });
    box.run(['update-ref', '-d', 'refs/heads/dropped']);
    box.run(['checkout', '-q', '-f', 'main']);
  });
  afterAll(() => box.cleanup());

  it('finds the same introductions, refs, reachability and HEAD presence', async () => {
    const commits = box
      .run(['cat-file', '--batch-all-objects', '--batch-check'])
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([, type]) => type === 'commit')
      .map(([oid]) => oid as string);
    const trees = new Map<string, Map<string, string>>();
    for (const commit of commits) {
      const listing = box.run(['ls-tree', '-r', commit]);
      const files = new Map<string, string>();
      for (const line of listing === '' ? [] : listing.split('\n')) {
        const [meta = '', path = ''] = line.split('\t');
        files.set(path, meta.split(' ')[2] as string);
      }
      trees.set(commit, files);
    }
    const parents = new Map<string, string[]>();
    for (const line of box.run(['rev-list', '--parents', '--no-walk', ...commits]).split('\n')) {
      const [commit = '', ...ps] = line.split(' ');
      parents.set(commit, ps);
    }
    const refsOf = new Map<string, string[]>();
    for (const ref of box.run(['for-each-ref', '--format=%(refname)']).split('\n')) {
      for (const commit of box.run(['rev-list', ref]).split('\n')) refsOf.set(commit, [...(refsOf.get(commit) ?? []), ref]);
    }
    const wanted = CONTENTS.filter((c) => c.includes('AKIA')).map((c) => box.run(['hash-object', '--stdin'], { input: c }));
    const headFiles = trees.get(box.run(['rev-parse', 'HEAD'])) as Map<string, string>;

    const result = await runProvenance(box, wanted);
    expect(result.issues).toEqual([]);
    let introductionsSeen = 0;
    for (const blob of wanted) {
      const expected: string[] = [];
      for (const [commit, files] of trees) {
        for (const [path, oid] of files) {
          if (oid !== blob) continue;
          if ((parents.get(commit) ?? []).some((p) => trees.get(p)?.get(path) === blob)) continue;
          expected.push(`${commit} ${path} ${(refsOf.get(commit) ?? []).sort().join(',')}`);
        }
      }
      const prov = result.blobs.get(blob);
      const actual = (prov?.introductions ?? []).map((i) => `${i.commit} ${i.path} ${i.refs.join(',')}`);
      expect(actual.sort()).toEqual(expected.sort());
      expect(prov?.reachable).toBe(expected.some((e) => !e.endsWith(' ')));
      expect(prov?.atHead).toBe([...headFiles.values()].includes(blob));
      introductionsSeen += expected.length;
    }
    // The seeded history must actually exercise the interesting cases.
    expect([...parents.values()].some((ps) => ps.length > 1)).toBe(true);
    expect(introductionsSeen).toBeGreaterThan(10);
    expect([...result.blobs.values()].some((b) => b.introductions.some((i) => !i.reachable))).toBe(true);
    expect([...result.blobs.values()].some((b) => b.introductions.some((i) => i.path.startsWith('moved/')))).toBe(true);
  });
});
