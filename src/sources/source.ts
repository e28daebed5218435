// The seam every kind of target goes through. The registry (registry.ts) asks each source in turn
// whether it claims a target; the source that does reads it. Reading, a source hands bytes to the
// scan's workers through the run context's pool (run-context.ts, jobs.ts): batches of blobs, or
// git jobs that name slices of an object store, which the workers read themselves so inflating
// and delta resolution stay off this thread. What it could not read it reports as a ScanIssue on
// the context, and it names every place a blob occurs (BlobPlace), so that findings say where.
// A source never detects: matches come back from the workers.
import type { AwsOptions } from '../aws/clients.js';
import type { ArchiveLimits } from './archive/archive-walk.js';
import type { GitAuthProvider } from './remote/remote-url.js';
import type { TargetHits } from './hits.js';
import type { ScanContext } from './run-context.js';
import type { Shard } from './shard.js';

// How a source names places: each blob it read, with every place it occurs.
export type { BlobHit, BlobPlace, TargetHits } from './hits.js';

/** How AWS is reached, and codecommit:// and s3:// targets swept. */
export interface AwsSweepOptions extends AwsOptions {
  /** Regions `codecommit://*` covers; default: every region with CodeCommit. */
  regions?: string[];
  /** Repositories fetched and scanned at once (default 4). */
  concurrency?: number;
  /** Only the repositories of this shard are scanned; the others are recorded as skipped. */
  shard?: Shard;
  /** Roles to assume, one per account, for an organisation-wide sweep; none: the caller's own account. */
  roleArns?: string[];
}

/** What the command line asks of the sources, handed to each claim. */
export interface SourceOptions {
  /** Read git history where a target is a repository. */
  history: boolean;
  /** Read only the staged change of each target, which must be a repository with a work tree. */
  staged: boolean;
  /** Read only the commits these `git log` revision lists select (one log each), when set. */
  revisionSets?: string[][];
  /**
   * Standard input, read when a target is `-`. A function, as `process.stdin` is: the stream is
   * made on first use (some 2.5 ms of Node's stream and tty code), which most scans never need.
   */
  stdin: () => NodeJS.ReadableStream;
  /** Credentials for repositories named by URL. */
  gitAuth?: GitAuthProvider;
  aws?: AwsSweepOptions;
  /** Bounds on opening archives (on disk, in history, in s3:// objects) other than the defaults. */
  archive?: Partial<Omit<ArchiveLimits, 'maxBlobSize'>>;
}

/** A target a source has claimed, checked and ready to read. */
export interface ClaimedTarget {
  /** The target as output names it (a URL without the user:password it was given with). */
  name: string;
  /** Small enough (one file, stdin, a staged change, a push's commits) to scan on this thread rather than start workers. */
  small: boolean;
  /** Reading it downloads it (a URL, CodeCommit, S3): what a run started again would download again. */
  fetches?: boolean;
  /** Reads the target; a sweep (s3://, codecommit://, a folder of repositories) gives one hit set per repository or object. */
  read(ctx: ScanContext): Promise<TargetHits[]>;
}

/** One kind of target: adding one is a folder under sources/ and a line in registry.ts. */
export interface Source {
  /** What it reads, for the design and for messages (`files`, `git-history`, `s3`...). */
  kind: string;
  /**
   * The target read as this kind, or null when it is not this source's. Throws when it is this
   * kind but unusable (malformed, missing), so a typo fails before minutes of scanning.
   */
  claim(target: string, options: SourceOptions): Promise<ClaimedTarget | null>;
}
