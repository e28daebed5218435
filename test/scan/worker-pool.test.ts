// A worker that dies mid-scan costs only its own job, named as an issue; the scan never hangs.
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/detect/rule-load.js';
import { WorkerPool } from '../../src/scan/worker-pool.js';
import type { BlobsJob } from '../../src/sources/jobs.js';

const init = { rules: loadBuiltinRules(), maxBlobSize: 1 << 20 };
const DYING = new URL('../fixtures/workers/dying-worker.mjs', import.meta.url);

const job = (id: number): BlobsJob => ({
  type: 'blobs',
  id,
  blobs: [{ id: `blob-${id}`, data: Buffer.from('token: ghp_R8vK2mQx7TzL4pWn9sBc1HdJ6yFa3uGe0Io5\n') }],
});

describe.each([1, 2])('WorkerPool with %i thread(s)', (threads) => {
  it('turns the job of a worker that dies into a WORKER_DIED issue and goes on with a new worker', async () => {
    const pool = new WorkerPool(init, threads, DYING);
    try {
      const ids = [1, 666, 2, 667, 3, 666, 4];
      const results = await Promise.all(ids.map((id) => pool.run(job(id))));
      for (const [i, r] of results.entries()) {
        expect(r.id).toBe(ids[i]);
        if (ids[i] === 666 || ids[i] === 667) {
          expect(r.outcomes).toEqual([]);
          expect(r.issues).toEqual([expect.objectContaining({ code: 'WORKER_DIED', object: `blob-${ids[i]}` })]);
        } else {
          expect(r.issues).toEqual([]);
          expect(r.outcomes).toHaveLength(1);
        }
      }
      expect(results.find((r) => r.id === 666)?.issues[0]?.message).toMatch(/exited with code 9/);
      expect(results.find((r) => r.id === 667)?.issues[0]?.message).toMatch(/planted crash/);
      expect(pool.size).toBe(threads);
    } finally {
      await pool.close();
    }
  });

  it('stops replacing workers after a few deaths and answers every queued job', async () => {
    const pool = new WorkerPool(init, threads, DYING);
    try {
      const ids = [...Array.from({ length: threads * 4 + threads }, () => 666), 5, 6];
      const results = await Promise.all(ids.map((id) => pool.run(job(id))));
      expect(results).toHaveLength(ids.length);
      for (const r of results) expect(r.issues.map((i) => i.code)).toEqual(['WORKER_DIED']);
      expect(results.at(-1)?.issues[0]?.message).toMatch(/pool stopped/);
    } finally {
      await pool.close();
    }
  });
});
