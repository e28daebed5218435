// The nightly sweep's memory (`--state FILE`): per repository, the ref tips already scanned and
// the findings not yet resolved. The next run scans only blobs those tips do not reach, and
// reports an old finding again while its commit is still in the repository's history.
import type { Finding } from '../types.js';

/** What a run remembers of one repository. */
export interface RepositoryState {
  /** Ref name to commit id, as fetched by the run that scanned it. */
  tips: Record<string, string>;
  /** Findings of the repository still open after that run (secrets included: the file is 0600). */
  findings: Finding[];
  /** When it was scanned (ISO 8601). */
  scannedAt: string;
  /** For an S3 object: its ETag then; an object with the same ETag is not read again. */
  etag?: string;
  /**
   * For a git repository: a digest of the objects it held (ObjectStore.objectSetKey). With the same
   * digest and the same tips, the repository is not read again.
   */
  objectSet?: string;
  /**
   * For a git repository: the ids of its loose objects then. A rerun reads the loose objects not
   * listed here besides what the new tips brought, so a new object no ref reaches is read too.
   */
  loose?: string[];
  /**
   * For a git repository whose refs all peeled to commits without a problem: a digest of its ref
   * files (refValuesKey). With the same digest and objects, the refs are not peeled again (so a
   * tip commit damaged since is not read either: unchanged-repo.ts).
   */
  refsKey?: string;
}

/** The whole state file. */
export interface SweepState {
  version: 1;
  repositories: Record<string, RepositoryState>;
}

/** A state with nothing remembered. */
export function emptySweepState(): SweepState {
  return { version: 1, repositories: {} };
}

/** The findings that belong to `target`: found there, or carried over for it. */
export function findingsOf(findings: readonly Finding[], target: string): Finding[] {
  return findings.filter((f) => f.target === target || f.occurrences.some((o) => o.target === target));
}

/**
 * The last run's findings in targets read from inside `target`: a git bundle in an S3 archive
 * (`s3://b/k.zip!repo.bundle`) or committed into history (`repo@<blob id>`). They have state
 * entries of their own, and a rerun that does not read `target` again does not read them either:
 * `keep` says, by the rest of the name after `@` or `!`, whether their findings still stand.
 */
export function nestedFindings(previous: SweepState | undefined, target: string, keep: (rest: string) => boolean = () => true): Finding[] {
  if (previous === undefined) return [];
  const found: Finding[] = [];
  for (const [name, entry] of Object.entries(previous.repositories)) {
    const mark = name.charAt(target.length);
    if (!name.startsWith(target) || (mark !== '!' && mark !== '@')) continue;
    if (keep(name.slice(target.length + 1))) found.push(...entry.findings);
  }
  return found;
}
