// Provenance with its tree walk run as jobs of real scan threads: one walk's answer, and a thread
// that dies mid-walk is an issue (the scan then ends incomplete), never a silently thinner answer.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../../src/detect/rule-load.js';
import { WorkerPool } from '../../../src/scan/worker-pool.js';
import { provenanceInPool } from '../../../src/sources/git-history/pooled-provenance.js';
import { computeProvenance, type ProvenanceInput } from '../../../src/sources/git/provenance.js';
import { readRefs } from '../../../src/sources/git/refs.js';
import type { Sandbox } from '../../support/git-sandbox.js';
import { openRepo, type OpenRepo } from '../../support/open-store.js';
import { historySecretIds, randomHistorySandbox } from '../../support/random-history.js';

const init = { rules: loadBuiltinRules(), maxBlobSize: 1 << 20 };
const DYING = new URL('../../fixtures/workers/dying-walker.mjs', import.meta.url);

describe('provenanceInPool', () => {
  let box: Sandbox;
  let repo: OpenRepo;
  let input: ProvenanceInput;
  beforeAll(async () => {
    // Long enough to be cut into several jobs.
    box = randomHistorySandbox(700);
    repo = await openRepo(box.dir);
    const wanted = historySecretIds(box);
    input = { refs: readRefs(repo.layout, repo.store), commits: repo.commits(), wanted: new Set(wanted), shallow: [] };
  });
  afterAll(() => {
    repo.store.close();
    box.cleanup();
  });

  it.each([1, 2])('gives computeProvenance’s answer walking on %i thread(s)', async (threads) => {
    const pool = new WorkerPool(init, threads);
    try {
      const whole = computeProvenance(repo.store, input);
      expect(await provenanceInPool(pool, repo.layout, repo.store, input)).toEqual(whole);
      expect([...whole.blobs.values()].flatMap((b) => b.introductions).length).toBeGreaterThan(50);
    } finally {
      await pool.close();
    }
  });

  it('counts the commits a dead thread did not walk, and keeps what the others found', async () => {
    const pool = new WorkerPool(init, 2, DYING);
    try {
      const whole = computeProvenance(repo.store, input);
      const result = await provenanceInPool(pool, repo.layout, repo.store, input);
      expect(result.issues).toEqual([
        expect.objectContaining({
          code: 'WORKER_DIED',
          message: expect.stringMatching(/^the trees of 256 commit\(s\) \(walk job 0\) not walked for provenance.*exited with code 9/),
        }),
      ]);
      const found = (r: typeof whole) => [...r.blobs.values()].flatMap((b) => b.introductions.map((i) => `${i.commit} ${i.path}`));
      const kept = found(result);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(found(whole).length);
      expect(found(whole)).toEqual(expect.arrayContaining(kept));
    } finally {
      await pool.close();
    }
  });
});
