// Findings of earlier runs (sweep state) meet this run's. A secret found again, in a new blob or
// in an old blob at a new path, keeps the places the earlier runs recorded: a rerun reads only
// what is new, so its own finding knows only the new places, where a full scan would list all.
import { compareFindings, compareOccurrences } from './group-findings.js';
import type { Finding, Occurrence } from '../types.js';

const placeKey = (o: Occurrence) => `${o.target}\0${o.blob}\0${o.commit}\0${o.file}\0${o.line}`;

/** `fresh` with each carried finding merged into the fresh one of the same id or added, in the report's order. */
export function mergeCarried(fresh: Finding[], carried: readonly Finding[]): Finding[] {
  if (carried.length === 0) return fresh;
  const byId = new Map(fresh.map((f) => [f.id, f]));
  const added = new Map<string, Finding>();
  for (const old of carried) {
    const now = byId.get(old.id);
    if (now === undefined) {
      if (!added.has(old.id)) added.set(old.id, old);
      continue;
    }
    const seen = new Set(now.occurrences.map(placeKey));
    const extra = old.occurrences.filter((o) => !seen.has(placeKey(o)));
    if (extra.length === 0) continue;
    now.occurrences = [...now.occurrences, ...extra].sort(compareOccurrences);
    now.reachable ||= old.reachable;
    now.atHead ||= old.atHead;
    // The first place is now an earlier run's: the finding's summary fields follow it.
    if (now.occurrences[0] === old.occurrences[0]) {
      Object.assign(now, {
        file: old.file,
        line: old.line,
        column: old.column,
        commit: old.commit,
        author: old.author,
        email: old.email,
        date: old.date,
        snippet: old.snippet,
      });
      if (old.decoded === undefined) delete now.decoded;
      else now.decoded = old.decoded;
    }
  }
  return [...fresh, ...added.values()].sort(compareFindings);
}
