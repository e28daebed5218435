// Our WebAssembly modules (detect/class-runs.wat, detect/keyword-grams.wat, sources/git/delta.wat,
// sources/git/tree-diff.wat, scan/tree-check.wat) are committed as base64 (bin/assemble-wasm.mjs).
// Each is compiled once per thread, however many instances that thread makes of it.

// The little of WebAssembly's API used here: the compiler's libraries (no DOM) do not declare it.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

const compiled = new Map<string, object>();

/** The exports of a new instance of the module whose bytes are `base64`. */
export function instantiateWasm<Exports>(base64: string): Exports {
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  let module = compiled.get(base64);
  if (module === undefined) {
    module = new wasm.Module(Buffer.from(base64, 'base64'));
    compiled.set(base64, module);
  }
  return new wasm.Instance(module).exports as Exports;
}

/** A module's exported memory, as each of our modules exports one. */
export interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Grows `memory` (by whole 64 KiB pages) until it holds at least `bytes`; never shrinks it. */
export function growTo(memory: WasmMemory, bytes: number): void {
  const pages = Math.ceil((bytes - memory.buffer.byteLength) / 65536);
  if (pages > 0) memory.grow(pages);
}
