// Pre-commit scan of one repository: the staged blobs are scanned whole (so line numbers are the
// staged file's and a multi-line secret is seen entire), and only matches on lines the commit
// adds are kept; what was already committed is history's business, not this commit's.
import { baseName } from '../../detect/file-name-rules.js';
import type { RepoLayout } from '../git/git-types.js';
import { readLooseObject } from '../git/loose-object.js';
import { limitsFor, type ObjectLimits } from '../git/object-limits.js';
import { ObjectStore } from '../git/object-store.js';
import { isStagedLine, type StagedFile } from './staged-source.js';
import type { Match } from '../../types.js';
import { changedArchiveHits, isArchiveBlob } from '../git-history/changed-archives.js';
import type { BlobHit, BlobPlace, TargetHits } from '../source.js';
import { absorbJobResult, mergeMatches, type ScanContext } from '../run-context.js';
import { isObjectId } from '../git/object-id.js';
import { readChangedBlob } from '../changed-blob.js';

function placeOf(path: string): BlobPlace {
  return { file: path, commit: null, author: null, email: null, date: null, refs: [], reachable: true, atHead: false };
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

// `git add` writes what it stages as loose objects, so a staged blob is read loose first. A blob
// that is not loose (its content was committed before), or whose loose copy fails to read
// (damaged, too large), is read through the store, which finds or reports it exactly as before;
// the store looks ids up in the pack indexes without reading them whole, a cost that would grow
// with the repository.
function readLoose(layout: RepoLayout, oid: string, limits: ObjectLimits): Uint8Array | null {
  if (!isObjectId(oid)) return null;
  try {
    return readLooseObject(layout.objectDirs, oid, limits)?.data ?? null;
  } catch {
    return null;
  }
}

function readBlobs(layout: RepoLayout, files: StagedFile[], ctx: ScanContext): Map<string, Uint8Array> {
  const blobs = new Map<string, Uint8Array>();
  const limits = limitsFor(ctx.maxBlobSize);
  let store: ObjectStore | null = null;
  try {
    for (const f of files) {
      if (blobs.has(f.oid)) continue;
      const loose = readLoose(layout, f.oid, limits);
      if (loose !== null) {
        blobs.set(f.oid, loose);
        continue;
      }
      const data = readChangedBlob(
        () => {
          store ??= ObjectStore.open(layout, { limits, probeIndexes: true });
          return store.read(f.oid).data;
        },
        ctx,
        f,
        `staged ${f.path}`,
      );
      if (data !== null) blobs.set(f.oid, data);
    }
  } finally {
    (store as ObjectStore | null)?.close();
  }
  return blobs;
}

/**
 * Scans what is staged in the repository at `layout`, whose staged change git is working out
 * (`change`); `target` is the user's name for it.
 */
export async function scanStaged(target: string, layout: RepoLayout, change: Promise<StagedFile[]>, ctx: ScanContext): Promise<TargetHits> {
  // The rules compile while git runs: both would otherwise wait for the other.
  ctx.pool.prepare?.();
  const files = await change;
  const contents = readBlobs(layout, files, ctx);
  const matches = new Map<string, Match[]>();
  if (contents.size > 0) {
    const job = [...contents].map(([id, data]) => ({ id, data }));
    absorbJobResult(ctx, await ctx.pool.run({ type: 'blobs', id: 0, blobs: job }), matches, { what: 'staged files' });
  }
  for (const f of files) {
    const named = ctx.names.match(baseName(f.path), f.oid);
    if (named.length > 0) mergeMatches(matches, f.oid, named);
  }
  const blobs: BlobHit[] = [];
  for (const f of files) {
    const kept = (matches.get(f.oid) ?? []).filter((m) => isStagedLine(f, m.line, countNewlines(m.secret)));
    if (kept.length > 0) blobs.push({ blobId: f.oid, matches: kept, places: [placeOf(f.path)] });
  }
  const archived = files.filter((f) => isArchiveBlob(contents.get(f.oid))).map((f) => ({ oid: f.oid, place: placeOf(f.path) }));
  blobs.push(...(await changedArchiveHits(target, contents, archived, ctx)));
  return { target, source: 'staged', blobs };
}
