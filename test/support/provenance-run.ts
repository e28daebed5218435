// Runs refs + provenance over a real repository the way the scanner does (our object store),
// and cross-checks every answer against the same computation over git's own object reading.

import { isDeepStrictEqual } from 'node:util';
import type { ObjectReader, RepoLayout } from '../../src/sources/git/git-types.js';
import { computeProvenance, type ProvenanceResult } from '../../src/sources/git/provenance.js';
import { readRefs, readShallow } from '../../src/sources/git/refs.js';
import { CatFileReader } from './cat-file-reader.js';
import type { Sandbox } from './git-sandbox.js';
import { openRepo } from './open-store.js';

function compute(reader: ObjectReader, layout: RepoLayout, commits: string[], wanted: string[]): ProvenanceResult {
  return computeProvenance(reader, {
    refs: readRefs(layout, reader),
    commits,
    wanted: new Set(wanted),
    shallow: readShallow(layout),
  });
}

// Issue messages quote each reader's own error text, so only codes and objects are compared.
function comparable(result: ProvenanceResult): unknown {
  return { blobs: result.blobs, issues: result.issues.map((i) => `${i.code} ${i.object ?? ''}`).sort() };
}

/** Computes provenance for `wanted` over every commit of the repository at `dir` (default: the sandbox). */
export async function runProvenance(box: Sandbox, wanted: string[], dir = box.dir): Promise<ProvenanceResult> {
  const repo = await openRepo(dir);
  try {
    const result = compute(repo.store, repo.layout, repo.commits(), wanted);
    const git = CatFileReader.load(repo.layout.gitDir);
    const viaGit = compute(git, repo.layout, git.oidsOfType('commit'), wanted);
    if (!isDeepStrictEqual(comparable(result), comparable(viaGit))) {
      throw new Error(`provenance differs between ObjectStore and git cat-file in ${dir}`);
    }
    return result;
  } finally {
    repo.store.close();
  }
}

/** The oid git gives `content` as a blob (nothing is written). */
export function blobOid(box: Sandbox, content: string): string {
  return box.run(['hash-object', '--stdin'], { input: content });
}
