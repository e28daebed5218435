import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, fakeKeyId, type Sandbox } from '../../support/git-sandbox.js';
import { blobOid, runProvenance } from '../../support/provenance-run.js';

const KEY = fakeKeyId(1);
const D1 = '2024-03-01T10:00:00Z';
const D2 = '2024-03-02T10:00:00Z';
const D3 = '2024-03-03T10:00:00Z';
const D4 = '2024-03-04T10:00:00Z';

describe('computeProvenance: introductions', () => {
  let box: Sandbox;
  beforeEach(() => {
    box = createSandbox();
  });
  afterEach(() => box.cleanup());

  it('finds the add and the modify of a secret file, and knows it is gone from HEAD after delete', async () => {
    const v1 = `aws_access_key_id = ${KEY}\n`;
    const v2 = `${v1}region = eu-west-1\n`;
    box.write('README.md', 'hello\n');
    const c0 = box.commit('readme', '2024-02-01T00:00:00Z');
    box.write('config/prod.env', v1);
    box.write('config/other.txt', 'x\n');
    const c1 = box.commit('add config', D1, 'Ann Author');
    box.write('config/other.txt', 'y\n');
    box.write('README.md', 'hello again\n');
    box.commit('sibling edits', D2);
    box.write('config/prod.env', v2);
    const c3 = box.commit('modify config', D3, 'Bob Builder');
    box.remove('config/prod.env');
    box.commit('delete config', D4);

    const [b1, b2] = [blobOid(box, v1), blobOid(box, v2)];
    const result = await runProvenance(box, [b1, b2]);
    expect(result.issues).toEqual([]);
    expect(result.blobs.get(b1)).toEqual({
      introductions: [
        {
          commit: c1,
          path: 'config/prod.env',
          author: 'Ann Author',
          email: 'ann.author@example.com',
          date: D1,
          committerDate: D1,
          subject: 'add config',
          refs: ['refs/heads/main'],
          refCount: 1,
          reachable: true,
        },
      ],
      refs: ['refs/heads/main'],
      refCount: 1,
      reachable: true,
      atHead: false,
    });
    const second = result.blobs.get(b2);
    expect(second?.introductions.map((i) => [i.commit, i.path, i.author, i.date])).toEqual([[c3, 'config/prod.env', 'Bob Builder', D3]]);
    expect(second?.atHead).toBe(false);
    expect(c0).not.toBe(c1);
  });

  it('gives a rename and a copy their own introductions, but not a mode change', async () => {
    const secret = `key=${KEY}\n`;
    box.write('a.env', secret);
    const c1 = box.commit('add', D1);
    box.run(['mv', 'a.env', 'b.env']);
    box.write('deep/er/copy.env', secret);
    const c2 = box.commit('rename and copy', D2);
    chmodSync(join(box.dir, 'b.env'), 0o755);
    box.commit('make executable', D3);
    const blob = blobOid(box, secret);
    const prov = (await runProvenance(box, [blob])).blobs.get(blob);
    expect(prov?.introductions.map((i) => [i.commit, i.path])).toEqual([
      [c1, 'a.env'],
      [c2, 'b.env'],
      [c2, 'deep/er/copy.env'],
    ]);
    expect(prov?.atHead).toBe(true);
  });

  it('does not re-introduce a blob at the merge that brings it in from a branch', async () => {
    box.write('base.txt', 'base\n');
    box.commit('base', D1);
    box.run(['checkout', '-q', '-b', 'feature']);
    box.write('secret.txt', `token ${KEY}\n`);
    const f1 = box.commit('feature secret', D2, 'Fay Feature');
    box.run(['checkout', '-q', 'main']);
    box.write('main.txt', 'main work\n');
    box.commit('main work', D3);
    box.run(['merge', '-q', '--no-ff', '-m', 'merge feature', 'feature'], { date: D4 });
    const merge = box.run(['rev-parse', 'HEAD']);
    box.run(['branch', '-D', 'feature']);

    const blob = blobOid(box, `token ${KEY}\n`);
    const prov = (await runProvenance(box, [blob])).blobs.get(blob);
    expect(prov?.introductions.map((i) => [i.commit, i.author])).toEqual([[f1, 'Fay Feature']]);
    expect(prov?.introductions[0]?.refs).toEqual(['refs/heads/main']);
    expect(prov?.atHead).toBe(true);
    expect(merge).not.toBe(f1);
  });

  it('records a blob that a merge resolution itself creates', async () => {
    box.write('conf.txt', 'v=0\n');
    box.commit('base', D1);
    box.run(['checkout', '-q', '-b', 'side']);
    box.write('conf.txt', 'v=side\n');
    box.commit('side', D2);
    box.run(['checkout', '-q', 'main']);
    box.write('conf.txt', 'v=main\n');
    box.commit('main', D2);
    box.run(['merge', '-q', '-s', 'ours', '--no-commit', 'side'], { date: D3 });
    box.write('conf.txt', `v=${KEY}\n`);
    const merge = box.commit('evil merge', D3);
    const blob = blobOid(box, `v=${KEY}\n`);
    expect((await runProvenance(box, [blob])).blobs.get(blob)?.introductions.map((i) => i.commit)).toEqual([merge]);
  });

  it('orders introductions by author date, then commit oid, whatever the commit order', async () => {
    const secret = `k=${KEY}\n`;
    box.write('x.env', secret);
    box.commit('newer author date first', D4);
    box.remove('x.env');
    box.commit('remove', D4);
    box.write('y.env', secret);
    const older = box.commit('older author date later', D1);
    const blob = blobOid(box, secret);
    const intros = (await runProvenance(box, [blob])).blobs.get(blob)?.introductions ?? [];
    expect(intros.map((i) => i.date)).toEqual([D1, D4]);
    expect(intros[0]?.commit).toBe(older);
  });
});
