// What every target scanner needs from the run: the pool, the limits, and somewhere to count.
import type { IgnoreList } from '../config/ignore-file.js';
import type { ScanIssue } from '../types.js';
import type { WorkerPool } from './worker-pool.js';
import type { JobCounters } from './worker-protocol.js';

/** Live numbers for the progress line. */
export interface Progress {
  objects: number;
  bytes: number;
  findings: number;
}

/** Shared state of one scan run. */
export interface ScanContext {
  pool: WorkerPool;
  maxBlobSize: number;
  followSymlinks: boolean;
  ignore: IgnoreList;
  counters: JobCounters;
  issues: ScanIssue[];
  /** Blobs with matches seen so far, for the progress line. */
  progress: Progress;
  onProgress?: (progress: Progress) => void;
}
