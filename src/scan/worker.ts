// Worker thread body: one job runner per thread, fed by the pool in worker-pool.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { createJobRunner } from './job-runner.js';
import type { WorkerInit, WorkerJob } from '../sources/jobs.js';

const runner = createJobRunner(workerData as WorkerInit);

parentPort?.on('message', (job: WorkerJob) => parentPort?.postMessage(runner.run(job)));
