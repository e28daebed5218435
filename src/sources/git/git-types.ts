// Shapes of the git object layer, shared by the object store, provenance and the scan workers.

/** The four git object types. */
export type GitObjectType = 'commit' | 'tree' | 'blob' | 'tag';

/** A whole, inflated git object. */
export interface GitObject {
  type: GitObjectType;
  data: Buffer;
}

/** Anything that can read an object by id: the object store, or a test double built on real git. */
export interface ObjectReader {
  /** Reads an object; throws GitError `GIT_MISSING_OBJECT` or `GIT_CORRUPT_OBJECT` (with `data.oid`). */
  read(oid: string): GitObject;
  /** True when the object exists in the store (no inflation). */
  has(oid: string): boolean;
  /** Reads an object named by its raw id bytes, saving a hex round trip on hot paths; same errors as `read`. */
  readRaw?(oid: Buffer): GitObject;
}

/** Where a repository's pieces are on disk, after following `.git` files, commondir and alternates. */
export interface RepoLayout {
  /** The git directory (`.git`, a bare repository, or a worktree's gitdir). */
  gitDir: string;
  /** Where refs/, packed-refs and objects/ live (differs from gitDir for linked worktrees). */
  commonDir: string;
  /** objects/ of this repository first, then every alternate, recursively, without repeats. */
  objectDirs: string[];
  /** The working tree, or null for a bare repository. */
  workTree: string | null;
  /** True when `shallow` exists: history before the listed commits is missing. */
  shallow: boolean;
  /** Structural files that could not be read (an alternates file that is a FIFO): coverage lost there. */
  problems?: Array<{ code: string; message: string; path: string }>;
}

/** Where one object sits, so a worker thread can read exactly its share of the store. */
export interface ObjectLocation {
  /** 40-hex object id. */
  oid: string;
  /** Index into the store's pack list, or -1 for a loose object. */
  pack: number;
  /** Byte offset of the entry in the pack (0 for loose objects). */
  offset: number;
}
