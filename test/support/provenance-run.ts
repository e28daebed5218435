// Runs refs + provenance over a real repository the way the scanner does, with git's own
// object reading underneath, so provenance tests exercise exactly one component at a time.

import { type ProvenanceResult, computeProvenance } from '../../src/sources/git/provenance.js';
import { readRefs, readShallow } from '../../src/sources/git/refs.js';
import { CatFileReader } from './cat-file-reader.js';
import type { Sandbox } from './git-sandbox.js';

/** Computes provenance for `wanted` over every commit of the repository at `dir` (default: the sandbox). */
export function runProvenance(box: Sandbox, wanted: string[], dir = box.dir): ProvenanceResult {
  const layout = box.layout(dir);
  const reader = CatFileReader.load(layout.gitDir);
  const refs = readRefs(layout, reader);
  return computeProvenance(reader, {
    refs,
    commits: reader.oidsOfType('commit'),
    wanted: new Set(wanted),
    shallow: readShallow(layout),
  });
}

/** The oid git gives `content` as a blob (nothing is written). */
export function blobOid(box: Sandbox, content: string): string {
  return box.run(['hash-object', '--stdin'], { input: content });
}
