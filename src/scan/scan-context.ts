// What every target scanner needs from the run: the pool, the limits, and somewhere to count.
import type { IgnoreList } from '../config/ignore-file.js';
import type { Match, ScanIssue } from '../types.js';
import type { WorkerPool } from './worker-pool.js';
import { addCounters, type JobCounters, type JobResult } from './worker-protocol.js';

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
  /** Blobs with matches or suppressions so far, for the progress line. */
  matchedBlobs: number;
  onProgress?: (progress: Progress) => void;
}

/**
 * Adds one worker answer to the run: counters, issues, the matches of each blob (into
 * `matches`) and the progress line. `lost` names what a failed job could not scan.
 */
export function absorbJobResult(
  ctx: ScanContext,
  r: JobResult,
  matches: Map<string, Match[]>,
  lost: { what: string; object?: string },
): void {
  if (r.fatal) {
    ctx.issues.push({ code: r.fatal.code, message: `${lost.what} could not be scanned: ${r.fatal.message}`, object: lost.object });
  }
  addCounters(ctx.counters, r.counters);
  ctx.issues.push(...r.issues);
  for (const o of r.outcomes) if (o.matches.length > 0) matches.set(o.id, o.matches);
  ctx.matchedBlobs += r.outcomes.length;
  ctx.onProgress?.({ objects: ctx.counters.objects, bytes: ctx.counters.bytes, findings: ctx.matchedBlobs });
}
