// The pool for small scans (a few staged files, one file, stdin): jobs run on the main thread.
// Starting worker threads and compiling every rule in each costs more than such a scan; here
// the rules are compiled once, on first use, and nothing else starts.
import { createJobRunner, type JobRunner } from './job-runner.js';
import type { ScanPool } from '../sources/jobs.js';
import type { JobResult, WorkerInit, WorkerJob } from '../sources/jobs.js';

/** A {@link ScanPool} of one, running each job synchronously when asked. */
export class InlinePool implements ScanPool {
  private runner: JobRunner | null = null;

  constructor(private readonly init: WorkerInit) {}

  get size(): number {
    return 1;
  }

  prepare(): void {
    this.runner ??= createJobRunner(this.init);
  }

  run(job: WorkerJob): Promise<JobResult> {
    try {
      this.prepare();
      return Promise.resolve((this.runner as JobRunner).run(job));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async release(): Promise<void> {
    this.runner?.close();
  }

  async close(): Promise<void> {
    this.runner?.close();
    this.runner = null;
  }
}
