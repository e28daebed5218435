// Merging what the shards of a sweep wrote (`credsweep merge`): findings JSON and coverage
// manifests of `--shard I/N` runs become one report and one manifest, as if one machine had run
// the whole sweep. A secret found by two shards (the same key in repositories of both) is one
// finding with the occurrences of both.
import type { Finding, Occurrence } from '../types.js';
import type { CoverageEntry, CoverageManifest } from './coverage.js';
import { compareText } from '../text-order.js';

function occurrenceKey(o: Occurrence): string {
  return [o.target ?? '', o.blob, o.commit ?? '', o.file ?? '', o.line].join('\0');
}

/** One finding per id; occurrences from every list, each naming its target. */
export function mergeFindings(lists: Finding[][]): Finding[] {
  const byId = new Map<string, Finding>();
  const seen = new Map<string, Set<string>>();
  for (const list of lists) {
    for (const f of list) {
      const occurrences = f.occurrences.map((o) => ({ ...o, target: o.target ?? f.target }));
      const known = byId.get(f.id);
      if (!known) {
        byId.set(f.id, { ...f, occurrences });
        seen.set(f.id, new Set(occurrences.map(occurrenceKey)));
        continue;
      }
      const keys = seen.get(f.id) as Set<string>;
      for (const o of occurrences) {
        if (keys.has(occurrenceKey(o))) continue;
        keys.add(occurrenceKey(o));
        known.occurrences.push(o);
      }
      known.reachable ||= f.reachable;
      known.atHead ||= f.atHead;
    }
  }
  return [...byId.values()];
}

// A target scanned by its own shard is listed by every other shard as "other-shard".
const RANK: Record<CoverageEntry['status'], number> = { failed: 0, incomplete: 1, scanned: 2, unchanged: 2, 'other-shard': 3 };

/** One manifest for the whole sweep; each target keeps the entry of the shard that owned it. */
export function mergeManifests(manifests: CoverageManifest[]): CoverageManifest {
  const targets = new Map<string, CoverageEntry>();
  for (const m of manifests) {
    for (const t of m.targets) {
      const known = targets.get(t.target);
      if (!known || RANK[t.status] < RANK[known.status]) targets.set(t.target, t);
    }
  }
  const created = manifests.map((m) => m.createdAt).sort()[0] ?? new Date().toISOString();
  return {
    version: 1,
    createdAt: created,
    shard: null,
    targets: [...targets.values()].sort((a, b) => compareText(a.target, b.target)),
    otherIssues: manifests.flatMap((m) => m.otherIssues),
  };
}

/** Targets no shard scanned: each left to "another shard" by every manifest, a shard missing. */
export function unclaimed(manifest: CoverageManifest): CoverageEntry[] {
  return manifest.targets.filter((t) => t.status === 'other-shard');
}
