// The catch-all rules' last check (does the value look machine-made?) needs a byte-pair tokenizer
// that costs more to load than a pre-commit hook's whole scan. Where a more specific rule found
// the same bytes, the catch-all's candidate is dropped as shadowed whatever the tokenizer says,
// so the check is left until the shadowing is known and made only where its answer can change
// what is reported. The result is the same as checking every candidate first.

/** A candidate as shadowing sees it: bytes [start, end), its rule's specificity (lower wins). */
export interface Shadowable {
  start: number;
  end: number;
  level: number;
  /** True while the deferred check is still to be made. */
  pending: boolean;
}

function overlaps(a: Shadowable, b: Shadowable): boolean {
  return a.start < b.end && b.start < a.end;
}

// Dropped as shadowed whatever the pending checks say: a candidate that needs no check and is
// more specific covers some of the same bytes.
function surelyShadowed(c: Shadowable, all: readonly Shadowable[]): boolean {
  return all.some((d) => !d.pending && d.level < c.level && overlaps(c, d));
}

/**
 * Keeps the candidates that pass `check` or need none, calling `check` only for pending
 * candidates whose answer matters: one that is surely shadowed and could shadow only candidates
 * that are surely shadowed too is dropped unchecked, as shadowing would drop it anyway.
 */
export function resolveDeferred<T extends Shadowable>(candidates: T[], check: (candidate: T) => boolean): T[] {
  if (!candidates.some((c) => c.pending)) return candidates;
  const doomed = candidates.map((c) => surelyShadowed(c, candidates));
  const kept = candidates.filter((c, i) => {
    if (!c.pending) return true;
    const mattersToOthers = candidates.some((q, j) => !doomed[j] && q.level > c.level && overlaps(c, q));
    if (doomed[i] && !mattersToOthers) return false;
    return check(c);
  });
  for (const c of kept) c.pending = false;
  return kept;
}
