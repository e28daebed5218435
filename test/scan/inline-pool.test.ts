// The main-thread pool must answer exactly as the worker threads do: same runner, no threads.
import { afterAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/detect/rule-load.js';
import { InlinePool } from '../../src/scan/inline-pool.js';
import { WorkerPool } from '../../src/scan/worker-pool.js';
import type { BlobsJob } from '../../src/sources/jobs.js';

const init = { rules: loadBuiltinRules(), maxBlobSize: 1 << 20 };
const inline = new InlinePool(init);
const threads = new WorkerPool(init, 1);
afterAll(async () => {
  await inline.close();
  await threads.close();
});

const job = (): BlobsJob => ({
  type: 'blobs',
  id: 7,
  blobs: [
    { id: 'a', data: Buffer.from('token: ghp_R8vK2mQx7TzL4pWn9sBc1HdJ6yFa3uGe0Io5\n') },
    { id: 'b', data: Buffer.from('nothing to see\n') },
    { id: 'c', data: Buffer.alloc(2 << 20, 0x61) },
  ],
});

describe('InlinePool', () => {
  it('gives the same result as a worker thread for the same job', async () => {
    const here = await inline.run(job());
    const there = await threads.run(job());
    expect(here).toEqual(there);
    expect(here.outcomes.map((o) => o.id)).toEqual(['a']);
    expect(here.counters).toMatchObject({ objects: 3, blobs: 2, skippedTooLarge: 1 });
  });

  it('has a size of one and can be closed before use', async () => {
    const unused = new InlinePool(init);
    expect(unused.size).toBe(1);
    await unused.close();
  });
});

describe('WorkerPool.release', () => {
  it('frees idle workers and starts them again for the next job', async () => {
    const first = await threads.run(job());
    await threads.release();
    expect(threads.size).toBe(1);
    const again = await threads.run(job());
    expect(again).toEqual(first);
  });

  it('leaves workers alone while a job is running', async () => {
    const running = threads.run(job());
    await threads.release();
    expect((await running).outcomes.map((o) => o.id)).toEqual(['a']);
  });
});
