import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeProvenance } from '../../../src/sources/git/provenance.js';
import { readRefs } from '../../../src/sources/git/refs.js';
import { createSandbox, fakeKeyId, type Sandbox } from '../../support/git-sandbox.js';
import { openRepo } from '../../support/open-store.js';
import { blobOid, runProvenance } from '../../support/provenance-run.js';

const D1 = '2024-03-01T10:00:00Z';
const D2 = '2024-03-02T10:00:00Z';
const FAKE_TREE = '1234567890'.repeat(4);
const FAKE_PARENT = 'abcdef0123'.repeat(4);
// 2024-03-05: later than the sandbox history, so date order is unambiguous.
const IDENT = 'Mal Formed <mal@example.com> 1709640000 +0000';

describe('computeProvenance: incomplete history', () => {
  let box: Sandbox;
  const secret = `aws_access_key_id=${fakeKeyId(7)}\n`;
  beforeEach(() => {
    box = createSandbox();
    box.write('keys.env', secret);
    box.commit('add secret', D1);
    box.write('other.txt', 'more\n');
    box.commit('more', D2);
  });
  afterEach(() => box.cleanup());

  function hashCommit(body: string): string {
    return box.run(['hash-object', '-t', 'commit', '-w', '--stdin', '--literally'], { input: body });
  }

  it('treats a shallow boundary as a root and says how to get the missing history', async () => {
    const clone = join(box.root, 'shallow');
    box.run(['clone', '-q', '--depth', '1', `file://${box.dir}`, clone], { cwd: box.root });
    const tip = box.run(['rev-parse', 'HEAD'], { cwd: clone });
    const blob = blobOid(box, secret);
    const result = await runProvenance(box, [blob], clone);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.code).toBe('GIT_SHALLOW');
    expect(result.issues[0]?.message).toContain('git fetch --unshallow');
    expect(result.blobs.get(blob)?.introductions.map((i) => [i.commit, i.date])).toEqual([[tip, D2]]);
    expect(result.blobs.get(blob)).toMatchObject({ reachable: true, atHead: true });
  });

  it('reports a missing tree once, by oid, and still answers for the rest', async () => {
    const tree = box.run(['rev-parse', 'HEAD^{tree}']);
    const first = hashCommit(`tree ${FAKE_TREE}\nauthor ${IDENT}\ncommitter ${IDENT}\n\nbroken\n`);
    const second = hashCommit(`tree ${FAKE_TREE}\nparent ${first}\nauthor ${IDENT}\ncommitter ${IDENT}\n\nbroken too\n`);
    const third = hashCommit(`tree ${tree}\nparent ${second}\nauthor ${IDENT}\ncommitter ${IDENT}\n\nrepaired\n`);
    box.run(['update-ref', 'refs/heads/broken', third]);
    const blob = blobOid(box, secret);
    const result = await runProvenance(box, [blob]);
    expect(result.issues).toEqual([expect.objectContaining({ code: 'GIT_MISSING_OBJECT', object: FAKE_TREE })]);
    const intros = result.blobs.get(blob)?.introductions ?? [];
    // `third` cannot be compared with its parent's unreadable tree, so it counts as introducing.
    expect(intros.map((i) => i.commit)).toEqual([box.run(['rev-parse', 'HEAD~1']), third]);
    expect(intros.find((i) => i.commit === third)?.refs).toEqual(['refs/heads/broken']);
  });

  it('treats a missing parent (not shallow) as no parent, with an issue naming it', async () => {
    const tree = box.run(['rev-parse', 'HEAD^{tree}']);
    const orphan = hashCommit(`tree ${tree}\nparent ${FAKE_PARENT}\nauthor ${IDENT}\ncommitter ${IDENT}\n\norphan\n`);
    const blob = blobOid(box, secret);
    const result = await runProvenance(box, [blob]);
    expect(result.issues).toEqual([expect.objectContaining({ code: 'GIT_MISSING_OBJECT', object: FAKE_PARENT })]);
    const orphanIntro = result.blobs.get(blob)?.introductions.find((i) => i.commit === orphan);
    expect(orphanIntro).toMatchObject({ path: 'keys.env', reachable: false, refs: [] });
  });

  it('reports a corrupt commit object and skips it', async () => {
    const junk = hashCommit('this is not a commit\n');
    const blob = blobOid(box, secret);
    const result = await runProvenance(box, [blob]);
    expect(result.issues).toEqual([expect.objectContaining({ code: 'GIT_CORRUPT_OBJECT', object: junk })]);
    expect(result.blobs.get(blob)?.introductions).toHaveLength(1);
  });

  it('follows ref tips and parents even when the caller lists no commits', async () => {
    const { layout, store } = await openRepo(box.dir);
    const blob = blobOid(box, secret);
    const result = computeProvenance(store, { refs: readRefs(layout, store), commits: [], wanted: new Set([blob]), shallow: [] });
    store.close();
    expect(result.blobs.get(blob)?.introductions.map((i) => i.commit)).toEqual([box.run(['rev-parse', 'HEAD~1'])]);
  });
});
