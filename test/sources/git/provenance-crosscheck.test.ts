// Cross-checks provenance against a brute-force oracle built from git's own answers
// (`ls-tree -r` of every commit, `rev-list` of every ref) on a random but seeded history with
// branches, merges, renames, deletions, tags and a dropped branch.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../support/git-sandbox.js';
import { runProvenance } from '../../support/provenance-run.js';
import { historySecretIds, randomHistorySandbox } from '../../support/random-history.js';

describe('computeProvenance agrees with a brute-force oracle from git', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = randomHistorySandbox();
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
    const wanted = historySecretIds(box);
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
