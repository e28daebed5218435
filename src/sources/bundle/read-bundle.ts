// Scan of a git bundle file as history: laid out as a temporary bare repository, scanned, removed.
// A bundle of a range names prerequisite commits it does not hold: the scan then says it is
// incomplete, as for a shallow clone, since history before them is not there to read.
import { rm } from 'node:fs/promises';
import { unpackBundle } from './bundle-source.js';
import { locateRepository } from '../git/repo-layout.js';
import type { TargetHits } from '../source.js';
import type { ScanContext } from '../run-context.js';
import { scanGitHistory } from '../git-history/read-history.js';

/** Scans the bundle at `path`; findings name `target`. */
export async function scanBundle(target: string, path: string, ctx: ScanContext): Promise<TargetHits> {
  const { dir, header } = await unpackBundle(path);
  try {
    if (header.prerequisites.length > 0) {
      ctx.issues.push({
        code: 'GIT_BUNDLE_PREREQUISITES',
        message: `${target} is a bundle of a range: history before ${header.prerequisites.length} prerequisite commit(s) is not in it`,
        path: target,
      });
    }
    return await scanGitHistory(target, await locateRepository(dir), ctx);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
