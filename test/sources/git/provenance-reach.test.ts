import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RefSetTable } from '../../../src/sources/git/provenance-reach.js';
import { createSandbox, fakeKeyId, type Sandbox } from '../../support/git-sandbox.js';
import { blobOid, runProvenance } from '../../support/provenance-run.js';

const D1 = '2024-03-01T10:00:00Z';
const D2 = '2024-03-02T10:00:00Z';
const D3 = '2024-03-03T10:00:00Z';

describe('computeProvenance: reachability', () => {
  let box: Sandbox;
  beforeEach(() => {
    box = createSandbox();
    box.write('README.md', 'hello\n');
    box.commit('readme', D1);
  });
  afterEach(() => box.cleanup());

  it('marks a commit that was force-pushed away as unreachable, with no refs', async () => {
    const secret = `aws_access_key_id=${fakeKeyId(2)}\n`;
    box.run(['checkout', '-q', '-b', 'feature']);
    box.write('leak.env', secret);
    const leaked = box.commit('oops', D2);
    box.run(['reset', '-q', '--hard', 'HEAD~1']);
    box.run(['checkout', '-q', 'main']);
    const blob = blobOid(box, secret);
    const prov = (await runProvenance(box, [blob])).blobs.get(blob);
    expect(prov).toMatchObject({ refs: [], refCount: 0, reachable: false, atHead: false });
    expect(prov?.introductions).toHaveLength(1);
    expect(prov?.introductions[0]).toMatchObject({ commit: leaked, path: 'leak.env', refs: [], reachable: false });
  });

  it('lets annotated tags (packed, and tags of tags) reach commits no branch reaches', async () => {
    const secret = `secret=${fakeKeyId(3)}\n`;
    box.run(['checkout', '-q', '-b', 'release']);
    box.write('s.env', secret);
    box.commit('release secret', D2);
    box.run(['tag', '-a', 'v1', '-m', 'v1']);
    box.run(['-c', 'advice.nestedTag=false', 'tag', '-a', 'v1-signed', '-m', 'wrapper', 'v1']);
    box.run(['checkout', '-q', 'main']);
    box.run(['branch', '-D', 'release']);
    box.run(['pack-refs', '--all']);
    const blob = blobOid(box, secret);
    const prov = (await runProvenance(box, [blob])).blobs.get(blob);
    expect(prov).toMatchObject({ refs: ['refs/tags/v1', 'refs/tags/v1-signed'], refCount: 2, reachable: true, atHead: false });
  });

  it('counts a detached HEAD as a ref named HEAD, and sees the blob at HEAD', async () => {
    const secret = `pw=${fakeKeyId(4)}\n`;
    box.run(['checkout', '-q', '--detach']);
    box.write('d.env', secret);
    const detached = box.commit('detached work', D2);
    const blob = blobOid(box, secret);
    const prov = (await runProvenance(box, [blob])).blobs.get(blob);
    expect(prov).toMatchObject({ refs: ['HEAD'], reachable: true, atHead: true });
    expect(prov?.introductions[0]?.commit).toBe(detached);
  });

  it('lists refs sorted and capped at 20, with the full count', async () => {
    const secret = `many=${fakeKeyId(5)}\n`;
    box.write('m.env', secret);
    box.commit('tagged a lot', D2);
    for (let i = 0; i < 25; i++) box.run(['tag', `t${String(i).padStart(2, '0')}`]);
    box.write('later.txt', 'later\n');
    box.commit('later', D3);
    const blob = blobOid(box, secret);
    const prov = (await runProvenance(box, [blob])).blobs.get(blob);
    expect(prov?.refCount).toBe(26);
    expect(prov?.refs).toHaveLength(20);
    expect(prov?.refs[0]).toBe('refs/heads/main');
    expect(prov?.refs.slice(1, 3)).toEqual(['refs/tags/t00', 'refs/tags/t01']);
    expect(prov?.introductions[0]?.refCount).toBe(26);
  });

  it('gives a dangling blob empty provenance', async () => {
    const content = `dangling=${fakeKeyId(6)}\n`;
    const blob = box.run(['hash-object', '-w', '--stdin'], { input: content });
    const result = await runProvenance(box, [blob]);
    expect(result.blobs.get(blob)).toEqual({ introductions: [], refs: [], refCount: 0, reachable: false, atHead: false });
    expect(result.issues).toEqual([]);
  });
});

describe('RefSetTable', () => {
  it('interns equal sets to one id and memoises unions', async () => {
    const table = new RefSetTable(Array.from({ length: 70 }, (_, i) => `refs/tags/r${String(i).padStart(2, '0')}`));
    const a = table.single(3);
    const b = table.single(69);
    const ab = table.union(a, b);
    expect(table.union(b, a)).toBe(ab);
    expect(table.union(ab, a)).toBe(ab);
    expect(table.union(0, a)).toBe(a);
    expect(table.single(3)).toBe(a);
    expect(table.namesOf(ab)).toEqual(['refs/tags/r03', 'refs/tags/r69']);
    expect(table.namesOf(0)).toEqual([]);
    const c = table.single(31);
    expect(table.namesOf(table.union(ab, c))).toEqual(['refs/tags/r03', 'refs/tags/r31', 'refs/tags/r69']);
  });
});

describe('RefSetTable with many refs', () => {
  it('keeps a union of large sets as its pair and spells it out on demand', () => {
    const count = 100_000;
    const names = Array.from({ length: count }, (_, i) => `refs/pull/${i}/head`);
    const table = new RefSetTable(names);
    // A chain as in a mirror: each commit is reached by its own ref and by every later one.
    let set = 0;
    for (let i = count - 1; i >= 0; i--) set = table.union(table.single(i), set);
    expect(table.size).toBeLessThan(3 * count);
    const all = table.namesOf(set);
    expect(all.length).toBe(count);
    expect(all[0]).toBe('refs/pull/0/head');
    expect(new Set(all).size).toBe(count);
    expect(table.namesOf(table.union(set, table.single(5)))).toHaveLength(count);
  });
});
