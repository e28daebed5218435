// What a source hands the scan's workers and what comes back: the jobs (blob batches, or slices
// of a git object store that a worker reads itself), their results, and the pool that runs them.
// The messages are plain data only: everything here crosses a structured-clone boundary.
import type { Match, NotCodeCounts, Rule, ScanIssue, ScanStats } from '../types.js';
import type { ObjectLocation, RepoLayout } from './git/git-types.js';
import type { SharedPackIndex } from './git/pack-index.js';
import type { ProvenanceShare } from './git/provenance-shares.js';
import type { RawIntroduction } from './git/provenance-walk.js';

/** Given once to every worker at start. */
export interface WorkerInit {
  rules: Rule[];
  maxBlobSize: number;
  /** Layers of encoding (base64, hex, percent) undone and scanned again; 0 turns decoding off (default 2). */
  decodeDepth?: number;
}

/** Scan these in-memory blobs (files, stdin). */
export interface BlobsJob {
  type: 'blobs';
  id: number;
  blobs: { id: string; data: Uint8Array }[];
}

/** Read these objects from the repository's object store and scan the blobs among them. */
export interface GitJob {
  type: 'git';
  id: number;
  layout: RepoLayout;
  locations: ObjectLocation[];
  /** The coordinator's pack indexes, by pack path, so the worker does not read its own. */
  indexes?: Readonly<Record<string, SharedPackIndex>>;
}

/** Read the objects of pack `pack` at offset-order positions `from..to` and scan the blobs among them. */
export interface GitRangeJob {
  type: 'git-range';
  id: number;
  layout: RepoLayout;
  pack: number;
  from: number;
  to: number;
  /** As for GitJob; here with each pack's offset order. */
  indexes?: Readonly<Record<string, SharedPackIndex>>;
}

/** Walk a run of commits' trees for provenance (provenance-shares.ts): nothing is scanned. */
export interface IntroductionsJob extends ProvenanceShare {
  type: 'introductions';
  id: number;
  layout: RepoLayout;
  /** As for GitJob. */
  indexes?: Readonly<Record<string, SharedPackIndex>>;
}

export type WorkerJob = BlobsJob | GitJob | GitRangeJob | IntroductionsJob;

/** Where scan jobs run: worker threads, or the main thread for small scans (inline-pool.ts). */
export interface ScanPool {
  /** Queues a job; `transfer` lists buffers handed over without copying. */
  run(job: WorkerJob, transfer?: ArrayBuffer[]): Promise<JobResult>;
  /** How many jobs run at once. */
  readonly size: number;
  /**
   * Compiles what the jobs need now instead of at the first job, for a caller that has time to
   * spare meanwhile (a pre-commit scan waiting for `git diff`). Optional: a no-op if absent.
   */
  prepare?(): void;
  /**
   * Frees what idle workers hold (their isolates, caches and open stores) when no job is queued
   * or running; a later `run` starts them again. History scans call it after provenance (whose
   * tree walk runs as jobs), when what is left runs on the main thread.
   */
  release(): Promise<void>;
  close(): Promise<void>;
}

/** What one blob produced; only blobs with matches or suppressions are sent back. */
export interface BlobOutcome {
  id: string;
  matches: Match[];
  suppressed: number;
}

/** Counters a job adds to the scan's stats (every ScanStats field but the wall time). */
export type JobCounters = Omit<ScanStats, 'elapsedMs'>;

/** An object a tree or commit names that the store does not have. */
export interface MissingObject {
  oid: string;
  kind: 'blob' | 'tree' | 'commit';
  /** The tree or commit that names it. */
  from: string;
  /** The entry name in that tree; null when a commit names it (its tree or a parent). */
  name: string | null;
}

/** A worker's answer to one job. */
export interface JobResult {
  id: number;
  outcomes: BlobOutcome[];
  /**
   * Commit ids met in a git job, 20 bytes each back to back (provenance walks them, reachable or
   * not): as hex strings they cost the coordinator ~70 bytes a commit for the whole scan.
   */
  commits: Uint8Array;
  /** The links of those commits, in their order (commit-links.ts), so provenance need not read them. */
  links?: Uint8Array;
  counters: JobCounters;
  issues: ScanIssue[];
  /** Objects named by the trees and commits read but absent from the store (git jobs). */
  missing?: MissingObject[];
  /** Blobs whose bytes are an archive (zip, gzip, tar) or a git bundle, by id: the archive walker reads each in turn. */
  archives?: string[];
  /** What an introductions job found, in its commits' order. */
  introductions?: RawIntroduction[];
  /** Set when the whole job failed unexpectedly (a bug, not bad input). */
  fatal?: { code: string; message: string };
}

/** The `commits` of a job that met none. */
export const NO_COMMITS = new Uint8Array(0);

/** Fresh zeroed counters. */
export function emptyCounters(): JobCounters {
  return {
    objects: 0,
    blobs: 0,
    bytes: 0,
    skippedTooLarge: 0,
    skippedBinary: 0,
    suppressed: 0,
    notCode: { tags: 0, lockfile: 0, minified: 0, generatedDocs: 0 },
  };
}

/** Adds `from` into `into`. */
export function addCounters(into: JobCounters, from: JobCounters): void {
  into.objects += from.objects;
  into.blobs += from.blobs;
  into.bytes += from.bytes;
  into.skippedTooLarge += from.skippedTooLarge;
  into.skippedBinary += from.skippedBinary;
  into.suppressed += from.suppressed;
  if (from.decodeCapped) into.decodeCapped = (into.decodeCapped ?? 0) + from.decodeCapped;
  if (from.notCode) {
    into.notCode ??= { tags: 0, lockfile: 0, minified: 0, generatedDocs: 0 };
    for (const kind of Object.keys(from.notCode) as (keyof NotCodeCounts)[]) into.notCode[kind] += from.notCode[kind];
  }
}
