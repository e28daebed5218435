// When a --state rerun may take the last run's tips without reading the repository again.
import { describe, expect, it } from 'vitest';
import { type StoreState, unchangedTips } from '../../../src/sources/git-history/unchanged-repo.js';
import type { RefSet } from '../../../src/sources/git/refs.js';
import type { RepositoryState } from '../../../src/sources/sweep-state.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

const previous: RepositoryState = {
  tips: { 'refs/heads/main': A },
  findings: [],
  scannedAt: '2026-12-01T00:00:00Z',
  objectSet: 'objects-1',
  loose: [],
  refsKey: 'refs-1',
};
const now: StoreState = { objectSet: 'objects-1', loose: [], refsKey: 'refs-1' };

function refSet(oid: string, issues: RefSet['issues'] = []): RefSet {
  return { refs: [{ name: 'refs/heads/main', oid }], head: oid, headRef: 'refs/heads/main', issues };
}

// A peel that counts its calls.
function peeler(result: RefSet): { peel: () => RefSet; calls: () => number } {
  let calls = 0;
  return {
    peel: () => {
      calls++;
      return result;
    },
    calls: () => calls,
  };
}

describe('unchangedTips', () => {
  it('takes the recorded tips without peeling when the objects and the ref files are the same', () => {
    const p = peeler(refSet(B));
    expect(unchangedTips(true, previous, now, p.peel)).toEqual(previous.tips);
    expect(p.calls()).toBe(0);
  });

  it('peels when the ref files differ, or the state has no digest, and compares the tips', () => {
    const moved = { ...now, refsKey: 'refs-2' };
    const same = peeler(refSet(A));
    expect(unchangedTips(true, previous, moved, same.peel)).toEqual(previous.tips);
    expect(same.calls()).toBe(1);
    expect(unchangedTips(true, previous, moved, peeler(refSet(B)).peel)).toBeNull();
    const older: RepositoryState = { ...previous, refsKey: undefined };
    const again = peeler(refSet(A));
    expect(unchangedTips(true, older, now, again.peel)).toEqual(previous.tips);
    expect(again.calls()).toBe(1);
  });

  it('is never unchanged when something could not be read, the refs peel with a problem, or the objects differ', () => {
    const p = peeler(refSet(A));
    expect(unchangedTips(false, previous, now, p.peel)).toBeNull();
    expect(p.calls()).toBe(0);
    const problem = refSet(A, [{ code: 'GIT_MISSING_OBJECT', message: 'ref x points to missing object' }]);
    expect(unchangedTips(true, previous, { ...now, refsKey: 'refs-2' }, peeler(problem).peel)).toBeNull();
    expect(unchangedTips(true, previous, { ...now, objectSet: 'objects-2' }, p.peel)).toBeNull();
    expect(unchangedTips(true, undefined, now, p.peel)).toBeNull();
  });
});
