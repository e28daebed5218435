// Runs tree-check.wat: the completeness check's walk over a tree's entries, with the ids
// already found present kept in the module's memory (named-objects.ts decides what is missing;
// its JavaScript walk is the meaning, and what runs for a tree the module finds malformed).
import { growTo, instantiateWasm, type WasmMemory } from '../detect/wasm-instance.js';
import { SMALLEST_TREE_ENTRY } from '../sources/git/raw-tree.js';
import { TREE_CHECK_WASM } from './tree-check-wasm.js';

interface TreeCheckExports {
  memory: WasmMemory;
  check(tree: number, len: number, out: number): number;
  remember(id: number): void;
}

// Where the tree goes: after the table of 2^17 ids of 20 bytes (an id's slot is its first 17 bits).
const SLOTS = 1 << 17;
const TREE_AT = SLOTS * 20;
// A bigger tree is walked in JavaScript, so one huge tree does not keep the module's memory large.
const MAX_TREE_BYTES = 8 << 20;

/** The module's instance for one thread, and the table of ids it has found present. */
export class TreeCheckModule {
  private readonly ex = instantiateWasm<TreeCheckExports>(TREE_CHECK_WASM);

  constructor() {
    // An empty slot must not look like an id that belongs in it (zeros would: a tree naming the
    // all-zero id would pass). Each slot starts with a first byte its own ids cannot have.
    const table = new Uint8Array(this.ex.memory.buffer, 0, TREE_AT);
    for (let slot = 0; slot < SLOTS; slot++) table[slot * 20] = (slot >>> 9) ^ 0xff;
  }

  /**
   * Where each entry of `tree` whose id the table lacks starts (submodule commits left out), in
   * tree order: a copy, valid after the next call. Null for a tree the module cannot walk (a
   * malformed or very large one).
   */
  unknown(tree: Uint8Array): Int32Array | null {
    if (tree.length > MAX_TREE_BYTES) return null;
    const out = (TREE_AT + tree.length + 3) & ~3;
    growTo(this.ex.memory, out + (Math.floor(tree.length / SMALLEST_TREE_ENTRY) + 1) * 4);
    new Uint8Array(this.ex.memory.buffer).set(tree, TREE_AT);
    const count = this.ex.check(TREE_AT, tree.length, out);
    if (count < 0) return null;
    const starts = new Int32Array(this.ex.memory.buffer, out, count).slice();
    for (let k = 0; k < count; k++) starts[k] = (starts[k] as number) - TREE_AT;
    return starts;
  }

  /** Records that the id at byte `at` of the tree last given to `unknown` is present. */
  remember(at: number): void {
    this.ex.remember(TREE_AT + at);
  }
}
