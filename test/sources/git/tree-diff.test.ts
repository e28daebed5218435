// tree-diff.wat against provenance-walk.ts's diffTree, the meaning it must keep: the same entries
// emitted, in the same order, with the same parent subtrees, over generated trees in git's order
// (names that sort around `/`, every kind, shared and changed ids, one to three parents); and no
// answer at all, so the JavaScript decides, for trees that are malformed or out of order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffInModule, diffTree, WantedBlobs } from '../../../src/sources/git/provenance-walk.js';
import { RawTreeCursor } from '../../../src/sources/git/raw-tree.js';
import { TreeDiffer } from '../../../src/sources/git/tree-diff.js';
import { seededRandom } from '../../support/seeded-random.js';

interface Entry {
  mode: string;
  name: string;
  id: Buffer;
}

const MODES = ['100644', '100755', '120000', '40000', '160000'];
const NAMES = ['a', 'a-b', 'a.c', 'a0', 'ab', 'b', 'b.txt', 'config', 'k.env', 'long-name-of-a-file.js', 'z', '\u00e9t\u00e9'];

const isTree = (e: Entry) => e.mode === '40000';
const sortKey = (e: Entry) => Buffer.from(isTree(e) ? `${e.name}/` : e.name, 'utf8');

function encode(entries: Entry[]): Buffer {
  return Buffer.concat(entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), e.id]));
}

// Git's order: names as bytes, a subtree's as if it ended in `/`; one entry per name.
function sorted(entries: Entry[]): Entry[] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  return [...byName.values()].sort((x, y) => Buffer.compare(sortKey(x), sortKey(y)));
}

function idOf(n: number): Buffer {
  const id = Buffer.alloc(20, n);
  id[0] = n;
  id[19] = 0x5a;
  return id;
}

function randomTree(next: () => number, ids: Buffer[]): Entry[] {
  const count = Math.floor(next() * NAMES.length);
  const entries: Entry[] = [];
  for (let k = 0; k < count; k++) {
    entries.push({
      mode: MODES[Math.floor(next() * MODES.length)] as string,
      name: NAMES[Math.floor(next() * NAMES.length)] as string,
      id: ids[Math.floor(next() * ids.length)] as Buffer,
    });
  }
  return sorted(entries);
}

// A parent: the tree with some entries changed, dropped or added.
function mutate(next: () => number, tree: Entry[], ids: Buffer[]): Entry[] {
  const out: Entry[] = [];
  for (const e of tree) {
    const roll = next();
    if (roll < 0.15) continue;
    if (roll < 0.3) out.push({ ...e, id: ids[Math.floor(next() * ids.length)] as Buffer });
    else if (roll < 0.35) out.push({ ...e, mode: MODES[Math.floor(next() * MODES.length)] as string });
    else out.push(e);
  }
  if (next() < 0.3) out.push(...randomTree(next, ids).slice(0, 2));
  return sorted(out);
}

type Emitted = [number, string | null, string[]];

function emitted(run: (emit: (entry: RawTreeCursor, blob: string | null, subParents: Buffer[]) => void) => unknown): Emitted[] {
  const out: Emitted[] = [];
  run((entry, blob, subParents) => out.push([entry.nameStart, blob, subParents.map((p) => p.toString('hex'))]));
  return out;
}

function both(
  tree: Buffer,
  parents: Buffer[],
  wanted: WantedBlobs,
  differ = new TreeDiffer(),
): { js: Emitted[]; module: Emitted[] | null } {
  const cursors = () => parents.map((p) => new RawTreeCursor(p));
  const js = emitted((emit) => diffTree(new RawTreeCursor(tree), cursors(), wanted, emit));
  let answered = false;
  const module = emitted((emit) => {
    answered = diffInModule(differ, tree, cursors(), wanted, emit);
  });
  return { js, module: answered ? module : null };
}

describe('tree-diff.wat', () => {
  const ids = Array.from({ length: 6 }, (_, n) => idOf(n + 1));
  // Ids 1, 2 and 3 wanted; 4 shares id 1's first three bytes, so only the exact check drops it.
  const near = Buffer.from(idOf(1));
  near[10] = 0x77;
  ids.push(near);
  const wanted = new WantedBlobs(new Set([1, 2, 3].map((n) => idOf(n).toString('hex'))));

  it('emits what diffTree emits, in its order, for generated trees with one to three parents', () => {
    const differ = new TreeDiffer();
    let emitting = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = seededRandom(seed);
      const tree = randomTree(next, ids);
      const parentCount = Math.floor(next() * 4);
      const parents = Array.from({ length: parentCount }, () => encode(mutate(next, tree, ids)));
      const { js, module } = both(encode(tree), parents, wanted, differ);
      expect({ seed, module }).toEqual({ seed, module: js });
      if (js.length > 0) emitting++;
    }
    // The generator exercises both answers: something new, and nothing new.
    expect(emitting).toBeGreaterThan(200);
    expect(emitting).toBeLessThan(2800);
  });

  // Shapes a hostile repository can write: empty names, names with `/` or sorting around it, a
  // blob and a subtree of one name, ten-digit modes, parents and trees out of order or with a
  // name twice. Where the module answers, it answers as diffTree does.
  it('answers as diffTree does wherever it answers, on trees out of order and odd names', () => {
    const odd = ['', 'a', 'a/', 'a/b', 'a!', 'a0', '!', '/', 'b'];
    const modes = ['100644', '40000', '160000', '0000100644', '0000040000', '120000'];
    const differ = new TreeDiffer();
    let answered = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = seededRandom(seed);
      const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
      const entries = (count: number) => Array.from({ length: count }, () => ({ mode: pick(modes), name: pick(odd), id: pick(ids) }));
      const inOrder = next() < 0.6;
      const tree = inOrder ? sorted(entries(Math.floor(next() * 8))) : entries(Math.floor(next() * 8));
      const parents = Array.from({ length: Math.floor(next() * 3) }, () => encode(next() < 0.5 ? sorted(entries(6)) : entries(6)));
      const { js, module } = both(encode(tree), parents, wanted, differ);
      if (module === null) continue;
      answered++;
      expect({ seed, module }).toEqual({ seed, module: js });
    }
    expect(answered).toBeGreaterThan(1000);
  });

  it('passes over long runs of shared entries and finds the one that changed', () => {
    const entries = Array.from({ length: 4000 }, (_, k) => ({
      mode: '100644',
      name: `t${String(k).padStart(4, '0')}-case.sh`,
      id: idOf(5),
    }));
    const parent = encode(entries);
    entries[2500] = { ...(entries[2500] as Entry), id: idOf(2) };
    entries[3999] = { mode: '40000', name: 't3999-case.sh', id: idOf(6) };
    const { js, module } = both(encode(sorted(entries)), [parent], wanted);
    expect(js).toHaveLength(2);
    expect(module).toEqual(js);
  });

  it('leaves malformed and unsorted trees to the JavaScript', () => {
    const good = encode(
      sorted([
        { mode: '100644', name: 'a', id: idOf(1) },
        { mode: '40000', name: 'b', id: idOf(2) },
      ]),
    );
    const cases: Record<string, [Buffer, Buffer]> = {
      'a truncated tree': [good.subarray(0, good.length - 3), good],
      'a truncated parent': [good, good.subarray(0, 30)],
      'a mode with a non-octal digit': [Buffer.concat([Buffer.from('100844 a\0'), idOf(1)]), good],
      'a mode of eleven digits': [Buffer.concat([Buffer.from('00000100644 a\0'), idOf(1)]), good],
      'no mode': [Buffer.concat([Buffer.from(' a\0'), idOf(1)]), good],
      'entries out of order': [
        encode([
          { mode: '100644', name: 'b', id: idOf(1) },
          { mode: '100644', name: 'a', id: idOf(1) },
        ]),
        good,
      ],
      'a name twice, the first like the parent': [
        encode([
          { mode: '100644', name: 'a', id: idOf(1) },
          { mode: '100644', name: 'a', id: idOf(1) },
        ]),
        encode([
          { mode: '100644', name: 'a', id: idOf(1) },
          { mode: '100644', name: 'c', id: idOf(1) },
        ]),
      ],
    };
    for (const [what, [tree, parent]] of Object.entries(cases)) {
      const answered = diffInModule(new TreeDiffer(), tree, [new RawTreeCursor(parent)], wanted, () => {
        throw new Error(`${what}: emitted`);
      });
      expect({ what, answered }).toEqual({ what, answered: false });
    }
  });

  it('lists every entry of a tree of the smallest entries git takes (empty-named subtrees)', () => {
    const tiny = Buffer.concat(Array.from({ length: 50_000 }, () => Buffer.concat([Buffer.from('40000 \0'), idOf(4)])));
    // Sorted only where each name is new: the first entry is listed, the rest are out of order.
    const listed = new TreeDiffer().diff(tiny.subarray(0, 27), Buffer.alloc(0), wanted.filter);
    expect(listed).toEqual(Int32Array.of(0, -1));
    expect(new TreeDiffer().diff(tiny, Buffer.alloc(0), wanted.filter)).toBeNull();
  });

  it('leaves a pair of trees too large for its memory to the JavaScript', () => {
    const big = Buffer.alloc(17 << 20);
    expect(new TreeDiffer().diff(big, Buffer.alloc(0), wanted.filter)).toBeNull();
  });

  it('runs the module assembled from tree-diff.wat', async () => {
    const root = join(import.meta.dirname, '../../..');
    const { assemble } = await import(join(root, 'bin/assemble-wasm.mjs'));
    expect(await assemble('tree-diff')).toBe(readFileSync(join(root, 'src/sources/git/tree-diff-wasm.ts'), 'utf8'));
  });
});
