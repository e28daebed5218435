// The coverage manifest (`--manifest FILE`): every target the run meant to scan, what became of
// it (scanned, failed with the issue that says why, or left to another shard), and how much of it
// was read, so that "nothing found" can be trusted, or not, target by target.
import type { ScanIssue, SourceKind } from '../types.js';
import type { TargetHits } from '../sources/source.js';
import { compareText } from '../text-order.js';

/** One target of the run. */
export interface CoverageEntry {
  target: string;
  source: SourceKind | null;
  status: 'scanned' | 'unchanged' | 'incomplete' | 'failed' | 'other-shard';
  /** Objects read (git targets), when known. */
  objects?: number;
  /** Why it is not simply "scanned": the issues that name it. */
  issues: ScanIssue[];
}

/** The manifest of a run. */
export interface CoverageManifest {
  version: 1;
  createdAt: string;
  shard: { index: number; count: number } | null;
  targets: CoverageEntry[];
  /** Issues that name no single target. */
  otherIssues: ScanIssue[];
}

/** Builds the manifest from what each target produced and the run's issues. */
export function buildCoverage(
  hits: TargetHits[],
  skipped: Array<{ target: string; reason: 'other-shard' | 'failed' }>,
  issues: ScanIssue[],
  shard: CoverageManifest['shard'],
  now: Date,
): CoverageManifest {
  const named = new Set([...hits.map((h) => h.target), ...skipped.map((s) => s.target)]);
  const issuesOf = (target: string) => issues.filter((i) => i.path === target);
  const targets: CoverageEntry[] = [
    ...hits.map((h): CoverageEntry => {
      const own = issuesOf(h.target);
      return {
        target: h.target,
        source: h.source,
        status:
          own.length > 0
            ? h.objects === undefined && h.blobs.length === 0
              ? 'failed'
              : 'incomplete'
            : h.incomplete
              ? 'incomplete'
              : h.unchanged
                ? 'unchanged'
                : 'scanned',
        ...(h.objects === undefined ? {} : { objects: h.objects }),
        issues: own,
      };
    }),
    ...skipped.map((s): CoverageEntry => ({ target: s.target, source: null, status: s.reason, issues: issuesOf(s.target) })),
  ].sort((a, b) => compareText(a.target, b.target));
  return {
    version: 1,
    createdAt: now.toISOString(),
    shard,
    targets,
    otherIssues: issues.filter((i) => i.path === undefined || !named.has(i.path)),
  };
}
