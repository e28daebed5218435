// The nightly sweep's usual case: nothing fetched since the last run. With the same objects and
// the same tips the last run's answer stands, and reading the store's indexes is all a rerun
// costs. Peeling the refs to learn the tips reads each ref's object, which on a mirror means
// thousands of pull-request refs, so the state also keeps a digest of the ref files from a run
// whose refs all peeled cleanly (a run with any issue leaves the state as it was: the hits are
// `incomplete`): the same digest and objects give the same tips again.
//
// An unchanged repository is not read, and its coverage says so (`unchanged`): damage to an
// object since the recorded run (the objects' digest is of their ids, not their bytes) is found
// by the next run that reads it, after new commits or without --state. Peeling every ref used to
// read the tip commits, so that one kind of damage was found on every rerun; now it is not.
import type { ObjectStore } from '../git/object-store.js';
import { type RefSet, type RefValues, refValuesKey } from '../git/refs.js';
import type { ScanContext } from '../run-context.js';
import type { TargetHits } from '../source.js';
import { nestedFindings, type RepositoryState } from '../sweep-state.js';

/** What a sweep state keeps of a git repository besides its tips and findings, as read now. */
export type StoreState = Required<Pick<RepositoryState, 'objectSet' | 'loose' | 'refsKey'>>;

/** The store's part of the state: its object set, its loose objects, the digest of `values`. */
export function sweepState(store: ObjectStore, values: RefValues): StoreState {
  return { objectSet: store.objectSetKey(), loose: store.looseObjects().map((l) => l.oid), refsKey: refValuesKey(values) };
}

/** Ref name to commit, as the state records tips. */
export function tipsOf(refs: RefSet): Record<string, string> {
  return Object.fromEntries(refs.refs.map((r) => [r.name, r.oid]));
}

function sameTips(a: Record<string, string>, b: Record<string, string>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
}

/**
 * The tips under which the repository is as the last run (`previous`) left it, else null: the
 * same objects, and the same ref files as that run (whose refs then peeled cleanly, or it would
 * have no digest), or refs that `peel` (called only then) peels cleanly to the same tips.
 * `readClean`: the store, its layout and the ref files were read without a problem now.
 */
export function unchangedTips(
  readClean: boolean,
  previous: RepositoryState | undefined,
  now: StoreState | undefined,
  peel: () => RefSet,
): Record<string, string> | null {
  if (!readClean || previous === undefined || now === undefined || previous.objectSet !== now.objectSet) return null;
  if (previous.refsKey === now.refsKey) return previous.tips;
  const refs = peel();
  const tips = tipsOf(refs);
  return refs.issues.length === 0 && sameTips(previous.tips, tips) ? tips : null;
}

/** The answer for a repository unchanged since the last run: nothing read, its open findings carried. */
export function unchangedHits(target: string, ctx: ScanContext, tips: Record<string, string>, now: StoreState | undefined): TargetHits {
  const previous = ctx.previous?.repositories[target];
  const carried = [...(previous?.findings ?? []), ...nestedFindings(ctx.previous, target)];
  return { target, source: 'git', blobs: [], objects: 0, tips, ...now, carried, unchanged: true };
}
