// A `--state` rerun of a git repository whose tips moved: read only what the current tips brought
// since the recorded ones, and judge the recorded findings without walking the whole history
// when the old tips are all still reachable (the usual fetch: branches moved forward). When a
// recorded tip is no longer shown reachable (a branch deleted, a force-push), or a finding rests
// only on a commit no ref reached when it was found, the caller walks every commit again.
import type { ObjectLocation, ObjectReader } from '../git/git-types.js';
import type { NewHistory } from '../git/new-history.js';
import type { ObjectStore } from '../git/object-store.js';
import type { Finding } from '../../types.js';

/**
 * Loose objects written since the recorded run (all of them when it recorded none). History's
 * walk finds only what the tips reach; an object no ref reaches (an amended commit, a stash
 * dropped) is usually loose, and a full scan reads it.
 */
export function newLoose(now: readonly string[] | undefined, recorded: readonly string[] | undefined): string[] {
  if (now === undefined) return [];
  const before = new Set(recorded ?? []);
  return now.filter((oid) => !before.has(oid));
}

/** The stored objects among `oids` (commits, trees, blobs), each once, in pack order so workers read them sequentially. */
export function locateAll(store: ObjectStore, oids: Iterable<string>): ObjectLocation[] {
  const out: ObjectLocation[] = [];
  for (const oid of new Set(oids)) {
    const loc = store.locate(oid);
    // An absent object is reported by the scan of the tree or commit naming it.
    if (loc !== null) out.push(loc);
  }
  return out.sort((a, b) => a.pack - b.pack || a.offset - b.offset);
}

/**
 * The recorded findings still open, judged from the walk alone; null when that cannot be told
 * without walking every commit. Every recorded tip still reachable means every commit reachable
 * then still is: an occurrence whose commit some ref reached when found (it has refs) keeps its
 * finding. A blob no commit named stays while the store holds it.
 */
export function judgeCarried(
  findings: readonly Finding[],
  recordedTips: readonly string[],
  history: NewHistory,
  store: ObjectReader,
): Finding[] | null {
  if (!recordedTips.every((tip) => history.reachedNow(tip))) return null;
  const kept: Finding[] = [];
  for (const f of findings) {
    let open = false;
    let unsure = false;
    for (const o of f.occurrences) {
      if (o.commit === null) open = store.has(o.blob);
      else if (o.refs.length > 0 || history.reachedNow(o.commit)) open = true;
      else unsure = true;
      if (open) break;
    }
    if (open) kept.push(f);
    else if (unsure) return null;
  }
  return kept;
}
