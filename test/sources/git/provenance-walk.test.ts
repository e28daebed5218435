// The raw-tree walk of provenance: entries are merge-walked in git's sort order as bytes, so
// these cases aim at the places where that order and byte handling matter.

import { rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, fakeKeyId, type Sandbox } from '../../support/git-sandbox.js';
import { blobOid, runProvenance } from '../../support/provenance-run.js';

const SECRET = `key = ${fakeKeyId(41)}\n`;
const D1 = '2024-05-01T10:00:00Z';
const D2 = '2024-05-02T10:00:00Z';
const D3 = '2024-05-03T10:00:00Z';
const D4 = '2024-05-04T10:00:00Z';

function introductionsOf(result: Awaited<ReturnType<typeof runProvenance>>, blob: string): [string, string][] {
  return (result.blobs.get(blob)?.introductions ?? []).map((i) => [i.commit, i.path]);
}

describe('provenance walk over raw trees', () => {
  let box: Sandbox;
  beforeEach(() => {
    box = createSandbox();
  });
  afterEach(() => box.cleanup());

  it('aligns a directory with its neighbours in git order (a-b, a.c, a/, a0) and sees a dir turned file', async () => {
    box.write('a/k.env', SECRET);
    box.write('a-b', '1\n');
    box.write('a.c', '1\n');
    box.write('a0', '1\n');
    const c1 = box.commit('add', D1);
    box.write('a-b', '2\n');
    box.write('a0', '2\n');
    box.commit('neighbours change', D2);
    box.remove('a/k.env');
    rmdirSync(join(box.dir, 'a'));
    box.write('a', SECRET);
    const c3 = box.commit('directory becomes a file', D3);
    const blob = blobOid(box, SECRET);
    const result = await runProvenance(box, [blob]);
    expect(result.issues).toEqual([]);
    expect(introductionsOf(result, blob)).toEqual([
      [c1, 'a/k.env'],
      [c3, 'a'],
    ]);
    expect(result.blobs.get(blob)?.atHead).toBe(true);
  });

  it('introduces the same blob once per new path, and never for a path that only disappears', async () => {
    box.write('one/k.env', SECRET);
    box.write('two/k.env', SECRET);
    const c1 = box.commit('twice', D1);
    box.remove('one/k.env');
    box.commit('drop one copy', D2);
    box.write('three/deeper/k.env', SECRET);
    const c3 = box.commit('third copy', D3);
    const blob = blobOid(box, SECRET);
    const result = await runProvenance(box, [blob]);
    expect(introductionsOf(result, blob)).toEqual([
      [c1, 'one/k.env'],
      [c1, 'two/k.env'],
      [c3, 'three/deeper/k.env'],
    ]);
  });

  it('keeps a name that is not UTF-8 distinct and printable', async () => {
    box.write('plain.txt', 'x\n');
    box.commit('base', D1);
    const blob = box.run(['hash-object', '-w', '--stdin'], { input: SECRET });
    const name = Buffer.concat([Buffer.from('conf-'), Buffer.from([0xff, 0xfe]), Buffer.from('.env')]);
    box.run(['update-index', '--index-info'], { input: Buffer.concat([Buffer.from(`100644 blob ${blob}\t`), name, Buffer.from('\n')]) });
    box.run(['commit', '-q', '-m', 'odd name'], { date: D2 });
    const c2 = box.run(['rev-parse', 'HEAD']);
    const result = await runProvenance(box, [blob]);
    expect(introductionsOf(result, blob)).toEqual([[c2, 'conf-\\xff\\xfe.env']]);
  });

  it('reports a malformed tree by id and still answers from the rest of history', async () => {
    box.write('k.env', SECRET);
    const good = box.commit('good', D1);
    const bad = box.run(['hash-object', '-t', 'tree', '--literally', '-w', '--stdin'], { input: '100644 trunc' });
    const orphan = box.run(['commit-tree', bad, '-m', 'broken tree'], { date: D4 });
    box.run(['update-ref', 'refs/heads/broken', orphan]);
    const blob = blobOid(box, SECRET);
    const result = await runProvenance(box, [blob]);
    expect(introductionsOf(result, blob)).toEqual([[good, 'k.env']]);
    expect(result.issues.map((i) => [i.code, i.object])).toEqual([['GIT_CORRUPT_OBJECT', bad]]);
  });
});
