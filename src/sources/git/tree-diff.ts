// Runs tree-diff.wat: a tree against one parent's tree at the same path (a merge calls it once per
// parent), listing only the entries provenance must look at. provenance-walk.ts's diffTree is the
// meaning, and what runs for trees too large for the module and anything it finds malformed.
import { growTo, instantiateWasm, type WasmMemory } from '../../detect/wasm-instance.js';
import { SMALLEST_TREE_ENTRY } from './raw-tree.js';
import { TREE_DIFF_WASM } from './tree-diff-wasm.js';

interface TreeDiffExports {
  memory: WasmMemory;
  diff(a: number, la: number, b: number, lb: number, out: number): number;
}

/** Bytes of the wanted-blob filter at the start of the module's memory (one bit per 24-bit id prefix). */
export const FILTER_BYTES = 1 << 21;
// Trees up to this size together go through the module; a bigger pair is compared in
// JavaScript, so the module's memory stays under about 24 MiB (the filter, both trees and the list).
const MAX_TREE_BYTES = 16 << 20;

const align = (n: number) => (n + 7) & ~7;

/** The module's instance for one thread, with the wanted-blob filter it was last given. */
export class TreeDiffer {
  private readonly ex = instantiateWasm<TreeDiffExports>(TREE_DIFF_WASM);
  private filter: Uint8Array | null = null;

  /**
   * The entries of `tree` that are subtrees or blobs whose id's first 24 bits are set in `filter`
   * and that `parent` (the same path's tree in the one parent; empty for none) does not have
   * with the same name, kind and id, in tree order: a pair each, where the entry starts in `tree`
   * and where the parent's entry of the same name and kind starts in `parent` (-1: none), in an
   * array of their own. Null when either tree is malformed or the pair is too large: the caller
   * compares them in JavaScript then.
   */
  diff(tree: Uint8Array, parent: Uint8Array, filter: Uint8Array): Int32Array | null {
    if (tree.length + parent.length > MAX_TREE_BYTES || filter.length !== FILTER_BYTES) return null;
    const a = FILTER_BYTES;
    const b = align(a + tree.length);
    const out = align(b + parent.length);
    growTo(this.ex.memory, out + (Math.floor(tree.length / SMALLEST_TREE_ENTRY) + 1) * 8);
    const bytes = new Uint8Array(this.ex.memory.buffer);
    if (this.filter !== filter) {
      bytes.set(filter, 0);
      this.filter = filter;
    }
    bytes.set(tree, a);
    bytes.set(parent, b);
    const count = this.ex.diff(a, tree.length, b, parent.length, out);
    if (count < 0) return null;
    // Copied out of the module's memory, which the next call reuses, with offsets back to each
    // tree's own.
    const pairs = new Int32Array(this.ex.memory.buffer, out, count * 2).slice();
    for (let k = 0; k < pairs.length; k += 2) {
      pairs[k] = (pairs[k] as number) - a;
      if ((pairs[k + 1] as number) >= 0) pairs[k + 1] = (pairs[k + 1] as number) - b;
    }
    return pairs;
  }
}
