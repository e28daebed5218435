// A fixed pool of worker threads, each with its own compiled rules, fed jobs as they free up.
// Jobs are small (a few MB of blobs or a few thousand object locations) so both cores stay busy
// and no worker holds much memory at once. A worker that dies (out of memory, a crash in native
// code) costs only its own job: that job comes back as a WORKER_DIED issue, so the scan ends
// incomplete instead of hanging, and a fresh worker takes its place.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CredsweepError } from '../errors.js';
import { emptyCounters, NO_COMMITS, type JobResult, type ScanPool, type WorkerInit, type WorkerJob } from '../sources/jobs.js';

// A scan thread allocates mostly short-lived buffers and strings; V8's default young generation
// (48 MiB on a 64-bit machine) then sits mostly empty between scavenges. 12 MiB kept each
// thread's heap about 25 MiB smaller reading redis, for no measurable CPU.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 12 };

interface Queued {
  job: WorkerJob;
  transfer: ArrayBuffer[];
  resolve: (r: JobResult) => void;
}

/** Workers replaced per thread before the pool gives up on the jobs still queued. */
const REPLACEMENTS_PER_THREAD = 4;

// Workers must run compiled JavaScript. Under the test runner this module is loaded from src/
// as TypeScript, so fall back to the build output, which vitest's global setup builds first.
function resolveWorkerScript(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL('../../dist/scan/worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new CredsweepError('INTERNAL_NO_WORKER', 'scan worker not built: run `npm run compile` first');
}

// What is lost with a job whose worker died, for its WORKER_DIED issue.
function lostWork(job: WorkerJob): string {
  if (job.type === 'blobs') return `${job.blobs.length} blob(s) not scanned`;
  if (job.type === 'git') return `${job.locations.length} object(s) of the object store not scanned`;
  if (job.type === 'introductions') {
    const what = `the trees of ${job.commits.length} commit(s) (walk job ${job.id})`;
    return `${what} not walked for provenance, so findings may lack commits that brought them in`;
  }
  return `objects ${job.from} to ${job.to - 1} of pack ${job.pack} (index order) not scanned`;
}

/** The result of a job whose worker died: nothing done, one issue saying so. */
export function lostJobResult(job: WorkerJob, why: string): JobResult {
  const first = job.type === 'blobs' ? job.blobs[0]?.id : job.type === 'git' ? job.locations[0]?.oid : undefined;
  return {
    id: job.id,
    outcomes: [],
    commits: NO_COMMITS,
    counters: emptyCounters(),
    issues: [{ code: 'WORKER_DIED', message: `${lostWork(job)}: ${why}`, ...(first ? { object: first } : {}) }],
  };
}

/** A pool of scan workers; `run` queues a job and resolves with its result. */
export class WorkerPool implements ScanPool {
  private readonly workers = new Set<Worker>();
  private idle: Worker[] = [];
  private readonly queue: Queued[] = [];
  private readonly inFlight = new Map<Worker, Queued>();
  /** Workers let go by `release`: their exit is no death. */
  private readonly retired = new Set<Worker>();
  private replacementsLeft: number;
  private closed = false;

  /** `script` is the worker module; tests pass one of their own. */
  constructor(
    private readonly init: WorkerInit,
    private readonly threads: number,
    private readonly script: URL = resolveWorkerScript(),
  ) {
    this.replacementsLeft = threads * REPLACEMENTS_PER_THREAD;
    // Started by the first job: a run with nothing to read (an unchanged --state repository)
    // never pays for threads and their rule compilation.
  }

  /** Queues a job; `transfer` lists buffers handed over without copying. */
  run(job: WorkerJob, transfer: ArrayBuffer[] = []): Promise<JobResult> {
    if (this.workers.size === 0 && !this.closed && this.replacementsLeft > 0) this.start();
    return new Promise((resolve) => {
      this.queue.push({ job, transfer, resolve });
      this.pump();
    });
  }

  async release(): Promise<void> {
    if (this.closed || this.queue.length > 0 || this.inFlight.size > 0 || this.workers.size === 0) return;
    const leaving = [...this.workers];
    this.workers.clear();
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
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }

  private start(): void {
    for (let i = 0; i < this.threads; i++) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    const worker = new Worker(this.script, { workerData: this.init, resourceLimits: WORKER_LIMITS });
    worker.on('message', (result: JobResult) => this.settle(worker, result));
    // 'error' (an uncaught exception, out of memory) is followed by 'exit'; the first one counts.
    worker.on('error', (err) => this.lost(worker, `the scan worker failed: ${err.message}`));
    worker.on('exit', (code) => {
      if (!this.retired.delete(worker)) this.lost(worker, `the scan worker exited with code ${code}`);
    });
    this.workers.add(worker);
    return worker;
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const next = this.queue.shift() as Queued;
      this.inFlight.set(worker, next);
      worker.postMessage(next.job, next.transfer);
    }
    // With every worker dead and no replacement left, nothing would ever take the queue.
    if (this.workers.size === 0) {
      for (const q of this.queue.splice(0)) q.resolve(lostJobResult(q.job, 'every scan worker died and the pool stopped replacing them'));
    }
  }

  private settle(worker: Worker, result: JobResult): void {
    const queued = this.inFlight.get(worker);
    this.inFlight.delete(worker);
    this.idle.push(worker);
    queued?.resolve(result);
    this.pump();
  }

  private lost(worker: Worker, why: string): void {
    if (this.closed || !this.workers.delete(worker)) return;
    this.idle = this.idle.filter((w) => w !== worker);
    const queued = this.inFlight.get(worker);
    this.inFlight.delete(worker);
    queued?.resolve(lostJobResult(queued.job, why));
    if (this.replacementsLeft > 0) {
      this.replacementsLeft--;
      this.idle.push(this.spawn());
    }
    this.pump();
  }
}
