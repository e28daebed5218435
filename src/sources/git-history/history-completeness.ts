// Turns what the workers found named but absent into issues: each missing blob, tree or commit
// with its id, what names it and, for a blob, a commit and path that hold it. A partial clone
// gets one issue that says so; a shallow clone's cut-off parents are expected and left out
// (the shallow issue already says history stops there).
import type { BlobProvenance } from '../git/provenance.js';
import type { ScanIssue } from '../../types.js';
import type { MissingObject } from '../jobs.js';

/** Past this many, missing objects are counted rather than listed one by one. */
export const MAX_LISTED_MISSING = 50;

/** The missing objects worth naming: one per id, boundary parents of a shallow clone dropped. */
export function missingToReport(missing: readonly MissingObject[], shallow: readonly string[]): MissingObject[] {
  const boundary = new Set(shallow);
  const seen = new Set<string>();
  const out: MissingObject[] = [];
  for (const m of missing) {
    if (m.kind === 'commit' && boundary.has(m.from)) continue;
    if (seen.has(m.oid)) continue;
    seen.add(m.oid);
    out.push(m);
  }
  return out.sort((a, b) => (a.oid < b.oid ? -1 : a.oid > b.oid ? 1 : 0));
}

function describe(m: MissingObject, provenance: (oid: string) => BlobProvenance | undefined): string {
  const namer = m.name === null ? `commit ${m.from}` : `tree ${m.from} as "${m.name}"`;
  const first = m.kind === 'blob' ? provenance(m.oid)?.introductions[0] : undefined;
  const where = first ? ` (commit ${first.commit}, path ${first.path})` : '';
  return `${m.kind} ${m.oid}, named by ${namer}${where}, is not in the object store: its content was not scanned`;
}

/** The issues for `missing` (already filtered by missingToReport) in repository `target`. */
export function missingIssues(
  target: string,
  missing: readonly MissingObject[],
  partial: boolean,
  provenance: (oid: string) => BlobProvenance | undefined,
): ScanIssue[] {
  if (missing.length === 0) return [];
  if (partial) {
    const sample = missing
      .slice(0, 3)
      .map((m) => m.oid)
      .join(', ');
    return [
      {
        code: 'GIT_PARTIAL_CLONE',
        message: `${target} is a partial clone (promisor packs): ${missing.length} object(s) its history names were never fetched (${sample}${missing.length > 3 ? ', …' : ''}); clone again without --filter (or fetch them) and scan again`,
        path: target,
      },
    ];
  }
  const issues: ScanIssue[] = missing
    .slice(0, MAX_LISTED_MISSING)
    .map((m) => ({ code: 'GIT_MISSING_OBJECT', message: describe(m, provenance), object: m.oid, path: target }));
  if (missing.length > MAX_LISTED_MISSING) {
    issues.push({
      code: 'GIT_MISSING_OBJECT',
      message: `and ${missing.length - MAX_LISTED_MISSING} more objects named by history are not in the object store`,
      path: target,
    });
  }
  return issues;
}
