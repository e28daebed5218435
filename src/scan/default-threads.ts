// How many scan threads a run uses when the user does not say. Apart from worker-pool.ts, which
// loads node:worker_threads: a scan small enough for the main thread (a pre-commit hook's) never
// starts a worker, and loading that module cost its start some 1-3 ms.
import { availableParallelism } from 'node:os';

/** Number of worker threads to use when the user does not say. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}
