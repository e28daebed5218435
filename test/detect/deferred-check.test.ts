import { describe, expect, it } from 'vitest';
import { resolveDeferred, type Shadowable } from '../../src/detect/deferred-check.js';

interface C extends Shadowable {
  name: string;
  passes: boolean;
}

// The matcher's shadowing: a candidate is dropped where a more specific one shares bytes.
function dropShadowed(list: C[]): C[] {
  return list.filter((c) => c.level === 0 || !list.some((e) => e.level < c.level && e.start < c.end && c.start < e.end));
}

// The order the matcher had before: every pending check made first, then shadowing.
function eager(list: C[]): string[] {
  return dropShadowed(list.filter((c) => !c.pending || c.passes)).map((c) => c.name);
}

function deferred(list: C[]): { names: string[]; checked: string[] } {
  const checked: string[] = [];
  const kept = resolveDeferred(
    list.map((c) => ({ ...c })),
    (c) => {
      checked.push(c.name);
      return c.passes;
    },
  );
  return { names: dropShadowed(kept).map((c) => c.name), checked };
}

const at = (name: string, start: number, end: number, level: number, pending: boolean, passes = true): C => ({
  name,
  start,
  end,
  level,
  pending,
  passes,
});

// A small deterministic generator (mulberry32), so a failure names a seed that reproduces it.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('resolveDeferred', () => {
  it('drops a catch-all under a vendor match without checking it', () => {
    const list = [at('vendor', 10, 50, 0, false), at('generic', 10, 50, 2, true, true)];
    expect(deferred(list)).toEqual({ names: ['vendor'], checked: [] });
  });

  it('checks a catch-all that nothing more specific covers', () => {
    expect(deferred([at('generic', 0, 20, 2, true, false)])).toEqual({ names: [], checked: ['generic'] });
    expect(deferred([at('generic', 0, 20, 2, true, true)])).toEqual({ names: ['generic'], checked: ['generic'] });
  });

  it('checks a shadowed catch-all whose answer decides a less specific one', () => {
    // generic (2) is under structured (1) but alone covers entropy (3)'s bytes 30-40.
    const list = [at('structured', 0, 20, 1, false), at('generic', 10, 35, 2, true, true), at('entropy', 30, 40, 3, false)];
    expect(deferred(list)).toEqual({ names: ['structured'], checked: ['generic'] });
    const fails = [list[0] as C, { ...(list[1] as C), passes: false }, list[2] as C];
    expect(deferred(fails).names).toEqual(eager(fails));
  });

  it('keeps the eager order’s results on random candidate sets', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const next = random(seed);
      const list: C[] = [];
      const n = 1 + Math.floor(next() * 6);
      for (let i = 0; i < n; i++) {
        const start = Math.floor(next() * 40);
        const level = Math.floor(next() * 4);
        list.push(at(`c${i}`, start, start + 1 + Math.floor(next() * 15), level, level >= 2 && next() < 0.8, next() < 0.5));
      }
      expect(deferred(list).names, `seed ${seed}`).toEqual(eager(list));
    }
  });
});
