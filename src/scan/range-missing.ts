// Issues for the objects a commit range names that the store lacks. A missing blob that the
// range lists as a changed file is named by the read that fails on it (with its path and
// commit); the others (trees, commits, blobs the listing could not reach) are named here.
import type { RangeListing } from '../sources/range-listing.js';
import type { ScanIssue } from '../types.js';

/** The issues for `listing.missing` in repository `target` over `revisions`. */
export function rangeMissingIssues(target: string, listing: RangeListing, revisions: string[]): ScanIssue[] {
  const listed = new Set(listing.commits.flatMap((c) => c.files.map((f) => f.oid)));
  return listing.missing
    .filter((oid) => !listed.has(oid))
    .map((oid) => ({
      code: 'GIT_MISSING_OBJECT',
      message: `object ${oid}, named by the commits of ${revisions.join(' ')}, is not in the object store: its content was not scanned`,
      object: oid,
      path: target,
    }));
}
