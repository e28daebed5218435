// What a source returns for a target: each blob with matches, and every place it occurs (a file
// on disk, or the commit and path that introduced it), named as findings will name them.
import type { Finding, Match, SourceKind } from '../types.js';

/** One place a blob is found: a file on disk, or a (commit, path) that introduced it. */
export interface BlobPlace {
  file: string | null;
  commit: string | null;
  author: string | null;
  email: string | null;
  date: string | null;
  /** Committer date of that commit (git history only): when it was made, as opposed to written. */
  committerDate?: string | null;
  /** First line of that commit's message, bounded; absent outside git or when it has none. */
  subject?: string;
  refs: string[];
  /** How many refs reach the commit in all, when more than `refs` lists. */
  refCount?: number;
  reachable: boolean;
  atHead: boolean;
}

/** A blob with matches and the places it occurs. */
export interface BlobHit {
  blobId: string;
  matches: Match[];
  places: BlobPlace[];
}

/** Everything one target produced. */
export interface TargetHits {
  target: string;
  source: SourceKind;
  blobs: BlobHit[];
  /** Objects (git) the target held and the scan read, for the coverage manifest; when known. */
  objects?: number;
  /** The ref tips scanned (git targets), for the sweep state. */
  tips?: Record<string, string>;
  /** The ETag of the S3 object scanned, for the sweep state. */
  etag?: string;
  /** The digest of the git objects scanned, for the sweep state. */
  objectSet?: string;
  /** The loose object ids of a git repository, for the sweep state. */
  loose?: string[];
  /** A digest of the repository's ref files when its refs all peeled cleanly, for the sweep state. */
  refsKey?: string;
  /** Not read: the sweep state shows it unchanged since the last run (its open findings are carried). */
  unchanged?: boolean;
  /** Something could not be read (the run's issues say what): the sweep state keeps its old entry, so the next run reads it again. */
  incomplete?: boolean;
  /** Findings of an earlier run still open in this repository (sweep state). */
  carried?: Finding[];
}
