// What every source needs from the run while it reads a target: the pool its jobs go to, the
// limits, the sweep state of the last run, and somewhere to count and report.
import type { ArchiveLimits } from './archive/archive-walk.js';
import type { FileNameRules } from '../detect/file-name-rules.js';
import type { TargetHits } from './hits.js';
import type { SweepState } from './sweep-state.js';
import type { Match, ScanIssue } from '../types.js';
import type { ScanPool } from './jobs.js';
import { addCounters, type JobCounters, type JobResult } from './jobs.js';

/** Live numbers for the progress line. */
export interface Progress {
  /** What the scan is doing now, in words ("reading objects", "tracing history"). */
  phase: string;
  objects: number;
  /** Objects this run expects to read in all, when known (a pack index says how many it holds). */
  total?: number;
  bytes: number;
  findings: number;
}

/** Shared state of one scan run. */
export interface ScanContext {
  pool: ScanPool;
  maxBlobSize: number;
  /** Archive bounds other than the defaults (--max-archive-depth, --max-archive-bytes). */
  archive?: Partial<Omit<ArchiveLimits, 'maxBlobSize'>>;
  followSymlinks: boolean;
  /** Filename rules, compiled here too: files on disk are named in this thread. */
  names: FileNameRules;
  counters: JobCounters;
  issues: ScanIssue[];
  /** Blobs with matches or suppressions so far, for the progress line. */
  matchedBlobs: number;
  /** What an earlier run of the sweep remembered, when --state is used. */
  previous?: SweepState;
  /** Targets a sweep found but did not scan, and why (for the coverage manifest). */
  skipped: Array<{ target: string; reason: 'other-shard' | 'failed' }>;
  /** What the reader should know about the run's scope that is no failure (repositories left unread by --no-history). */
  notes: string[];
  onProgress?: (progress: Progress) => void;
  /** Called before threads start to read this many objects; may throw to stop the run (scan/thread-start.ts). */
  beforeThreads?: (objects: number) => void;
  /** Objects the targets opened so far will read in all (0 when unknown), for the progress line. */
  expectedObjects?: number;
  /** Reads a git bundle file found inside other content (an archive member, a blob) as history; set by the run. */
  readBundle?: (target: string, file: string) => Promise<TargetHits>;
  /** Histories read from bundles found inside other content, each a target of its own, for the run to report. */
  nested?: TargetHits[];
}

/** Tells the progress line what the scan is doing now. */
export function reportPhase(ctx: ScanContext, phase: string): void {
  const total = ctx.expectedObjects ? { total: ctx.expectedObjects } : {};
  ctx.onProgress?.({ phase, objects: ctx.counters.objects, ...total, bytes: ctx.counters.bytes, findings: ctx.matchedBlobs });
}

/** Adds `more` to the matches of blob `id`, skipping ones already there. */
export function mergeMatches(matches: Map<string, Match[]>, id: string, more: Match[]): void {
  const known = matches.get(id);
  if (!known) {
    matches.set(id, more);
    return;
  }
  const keys = new Set(known.map((m) => `${m.ruleId}\0${m.start}\0${m.secret}`));
  for (const m of more) if (!keys.has(`${m.ruleId}\0${m.start}\0${m.secret}`)) known.push(m);
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
  // A blob can come back twice: its content scanned by one job, its name matched in a tree by
  // another (or by several); keep every distinct match.
  for (const o of r.outcomes) if (o.matches.length > 0) mergeMatches(matches, o.id, o.matches);
  ctx.matchedBlobs += r.outcomes.length;
  reportPhase(ctx, 'reading objects');
}
