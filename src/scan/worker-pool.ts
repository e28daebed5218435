// A fixed pool of worker threads, each with its own compiled rules, fed jobs as they free up.
// Jobs are small (a few MB of blobs or a few thousand object locations) so both cores stay busy
// and no worker holds much memory at once.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CredsweepError } from '../errors.js';
import type { JobResult, WorkerInit, WorkerJob } from './worker-protocol.js';

type Pending = { resolve: (r: JobResult) => void; reject: (e: Error) => void };

// Workers must run compiled JavaScript. Under the test runner this module is loaded from src/
// as TypeScript, so fall back to the build output, which `npm test` produces first.
function resolveWorkerScript(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL('../../dist/scan/worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new CredsweepError('INTERNAL_NO_WORKER', 'scan worker not built: run `npm run build` first');
}

/** Number of worker threads to use when the user does not say. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Where scan jobs run: worker threads, or the main thread for small scans (inline-pool.ts). */
export interface ScanPool {
  /** Queues a job; `transfer` lists buffers handed over without copying. */
  run(job: WorkerJob, transfer?: ArrayBuffer[]): Promise<JobResult>;
  /** How many jobs run at once. */
  readonly size: number;
  /**
   * Frees what idle workers hold (their isolates, caches and open stores) when no job is queued
   * or running; a later `run` starts them again. History scans call it before provenance, which
   * runs on this thread and is where a long history peaked in memory.
   */
  release(): Promise<void>;
  close(): Promise<void>;
}

/** A pool of scan workers; `run` queues a job and resolves with its result. */
export class WorkerPool implements ScanPool {
  private workers: Worker[] = [];
  private idle: Worker[] = [];
  private readonly queue: { job: WorkerJob; transfer: ArrayBuffer[]; pending: Pending }[] = [];
  private readonly inFlight = new Map<Worker, Pending>();
  private readonly retired = new Set<Worker>();
  private readonly script: URL;
  private closed = false;

  constructor(
    private readonly init: WorkerInit,
    private readonly threads: number,
  ) {
    // Started by the first job: a run with nothing to read (an unchanged --state repository)
    // never pays for threads and their rule compilation.
    this.script = resolveWorkerScript();
  }

  private start(): void {
    for (let i = 0; i < this.threads; i++) {
      const worker = new Worker(this.script, { workerData: this.init });
      worker.on('message', (result: JobResult) => this.settle(worker, result));
      worker.on('error', (err) => this.fail(worker, err));
      worker.on('exit', (code) => {
        if (!this.closed && !this.retired.delete(worker)) this.fail(worker, new Error(`scan worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Queues a job; `transfer` lists buffers handed over without copying. */
  run(job: WorkerJob, transfer: ArrayBuffer[] = []): Promise<JobResult> {
    if (this.workers.length === 0 && !this.closed) this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ job, transfer, pending: { resolve, reject } });
      this.pump();
    });
  }

  async release(): Promise<void> {
    if (this.closed || this.queue.length > 0 || this.inFlight.size > 0 || this.workers.length === 0) return;
    const leaving = this.workers;
    this.workers = [];
    this.idle = [];
    for (const worker of leaving) this.retired.add(worker);
    await Promise.all(leaving.map((w) => w.terminate()));
  }

  /** Jobs waiting plus jobs running, for back-pressure. */
  get load(): number {
    return this.queue.length + this.inFlight.size;
  }

  get size(): number {
    return this.threads;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const next = this.queue.shift() as (typeof this.queue)[number];
      this.inFlight.set(worker, next.pending);
      worker.postMessage(next.job, next.transfer);
    }
  }

  private settle(worker: Worker, result: JobResult): void {
    const pending = this.inFlight.get(worker);
    this.inFlight.delete(worker);
    this.idle.push(worker);
    pending?.resolve(result);
    this.pump();
  }

  private fail(worker: Worker, err: Error): void {
    const pending = this.inFlight.get(worker);
    this.inFlight.delete(worker);
    pending?.reject(err);
    for (const q of this.queue.splice(0)) q.pending.reject(err);
  }
}
