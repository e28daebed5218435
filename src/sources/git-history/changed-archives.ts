// Archives among the files a change adds (the staged change of a pre-commit hook, the commits of
// a range): opened by the one archive walker, as in history, and each member scanned as a blob of
// its own. A member's place is the archive file's place with the file named `path!member`; every
// member counts as added, since an archive is committed whole.
import { isBundleHead, openableKind } from '../archive/archive-kind.js';
import type { BlobHit, BlobPlace } from '../source.js';
import { HistoryArchives } from './history-archives.js';
import type { ScanContext } from '../run-context.js';

/** One place an archive blob of the change sits. */
export interface ArchiveOccurrence {
  oid: string;
  place: BlobPlace;
}

/** Whether `data` is an archive the walker opens, or a git bundle. */
export function isArchiveBlob(data: Uint8Array | undefined): boolean {
  return data !== undefined && (openableKind(data) !== null || isBundleHead(data));
}

/** Opens the archives at `occurrences` (their bytes in `contents`) and returns the member blobs with matches. */
export async function changedArchiveHits(
  target: string,
  contents: ReadonlyMap<string, Uint8Array>,
  occurrences: readonly ArchiveOccurrence[],
  ctx: ScanContext,
): Promise<BlobHit[]> {
  if (occurrences.length === 0) return [];
  const archives = new HistoryArchives(target, ctx, (oid) => contents.get(oid) as Uint8Array);
  const placesOf = new Map<string, BlobPlace[]>();
  for (const { oid, place } of occurrences) {
    const known = placesOf.get(oid);
    if (known) {
      known.push(place);
      continue;
    }
    placesOf.set(oid, [place]);
    if (contents.has(oid)) archives.add([oid]);
  }
  const { hits } = await archives.finish();
  return hits.map((hit) => ({
    ...hit,
    places: archives
      .membersOf(hit.blobId)
      .flatMap(({ archive, member }) => (placesOf.get(archive) ?? []).map((p) => ({ ...p, file: `${p.file}!${member}` }))),
  }));
}
