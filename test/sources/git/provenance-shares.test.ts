// Provenance's tree walk cut into shares (as the scan threads walk it) must give the answer of one
// walk over every commit: the same introductions in the same order, and the same issues once each,
// however the commits are cut, on a seeded history with merges and on one with trees missing.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeProvenance,
  finishProvenance,
  planProvenance,
  type ProvenanceInput,
  type ProvenanceResult,
} from '../../../src/sources/git/provenance.js';
import { provenanceShares, ShareWalker } from '../../../src/sources/git/provenance-shares.js';
import type { ObjectStore } from '../../../src/sources/git/object-store.js';
import { readRefs } from '../../../src/sources/git/refs.js';
import { createSandbox, fakeKeyId, type Sandbox } from '../../support/git-sandbox.js';
import { openRepo } from '../../support/open-store.js';
import { historySecretIds, randomHistorySandbox } from '../../support/random-history.js';

// Each share goes through a structured clone, as a job posted to a thread does.
function inShares(store: ObjectStore, input: ProvenanceInput, size: number): ProvenanceResult {
  const plan = planProvenance(store, input);
  const walker = new ShareWalker(store);
  const parts = [...provenanceShares(plan, size)].map((share) => walker.walk(structuredClone(share)));
  return finishProvenance(
    store,
    plan,
    parts.flatMap((p) => p.introductions),
    parts.flatMap((p) => p.issues),
  );
}

async function expectSameInShares(box: Sandbox, wanted: string[]): Promise<ProvenanceResult> {
  const repo = await openRepo(box.dir);
  try {
    const input = { refs: readRefs(repo.layout, repo.store), commits: repo.commits(), wanted: new Set(wanted), shallow: [] };
    const whole = computeProvenance(repo.store, input);
    for (const size of [1, 2, 7, 1_000_000]) expect(inShares(repo.store, input, size)).toEqual(whole);
    return whole;
  } finally {
    repo.store.close();
  }
}

describe('provenance walked in shares', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = randomHistorySandbox();
  });
  afterAll(() => box.cleanup());

  it('gives one walk’s answer on a history with merges, renames and unreachable commits', async () => {
    const wanted = historySecretIds(box);
    const whole = await expectSameInShares(box, wanted);
    // The history has to give the cut something to get wrong.
    const intros = [...whole.blobs.values()].flatMap((b) => b.introductions);
    expect(intros.length).toBeGreaterThan(10);
    expect(new Set(intros.map((i) => i.commit)).size).toBeGreaterThan(5);
  });

  it('cuts nothing when no blob is wanted', async () => {
    const repo = await openRepo(box.dir);
    try {
      const input = { refs: readRefs(repo.layout, repo.store), commits: repo.commits(), wanted: new Set<string>(), shallow: [] };
      expect([...provenanceShares(planProvenance(repo.store, input), 3)]).toEqual([]);
    } finally {
      repo.store.close();
    }
  });
});

describe('provenance walked in shares, with trees missing', () => {
  let box: Sandbox;
  let wanted: string;
  let lost: string;
  beforeAll(() => {
    box = createSandbox();
    const secret = `key=${fakeKeyId(41)}\n`;
    box.write('app/conf/prod.env', secret);
    box.write('app/readme.txt', 'one\n');
    box.commit('add', '2024-03-01T00:00:00Z');
    box.write('app/conf/dev.env', 'x\n');
    box.commit('dev config', '2024-03-02T00:00:00Z');
    lost = box.run(['rev-parse', 'HEAD:app/conf']);
    box.write('app/readme.txt', 'two\n');
    box.commit('readme', '2024-03-03T00:00:00Z');
    box.write('app/conf/prod.env', `${secret}more=1\n`);
    box.commit('prod again', '2024-03-04T00:00:00Z');
    wanted = box.run(['hash-object', '--stdin'], { input: secret });
    // Loose objects, so one tree can go: three commits' walks meet it, each in its own share.
    rmSync(join(box.dir, '.git', 'objects', lost.slice(0, 2), lost.slice(2)));
  });
  afterAll(() => box.cleanup());

  it('reports each missing tree once, as one walk does', async () => {
    const whole = await expectSameInShares(box, [wanted]);
    expect(whole.issues.map((i) => `${i.code} ${i.object}`)).toEqual([`GIT_MISSING_OBJECT ${lost}`]);
    expect(whole.blobs.get(wanted)?.introductions.map((i) => i.path)).toEqual(['app/conf/prod.env']);
  });
});
