// Provenance keeps going past damaged or missing objects; each problem is reported once, so a
// tree missing from a thousand commits' history yields one issue, not a thousand.

import { GitError } from '../../errors.js';
import type { ScanIssue } from '../../types.js';

/** Collects scan issues, one per (code, object) pair. */
export class IssueLog {
  private readonly seen = new Set<string>();
  /** Issues in the order first seen. */
  readonly issues: ScanIssue[] = [];

  /** Records an issue unless one with the same code and object was already recorded. */
  add(issue: ScanIssue): void {
    const key = `${issue.code}\0${issue.object ?? issue.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.issues.push(issue);
  }

  /** Records a GitError thrown while reading `oid`; rethrows anything else (a bug, not bad data). */
  addError(error: unknown, oid: string, what: string): void {
    if (!(error instanceof GitError)) throw error;
    this.add({ code: error.code, message: `${what} ${oid}: ${error.message}`, object: oid });
  }
}
