// Scan of the commits of a range (CI: "what this push adds"; the pre-push hook): each commit's
// added lines, with that commit as the place. Blobs shared by several commits are scanned once.
import { baseName } from '../../detect/file-name-rules.js';
import { isCredsweepError, UsageError } from '../../errors.js';
import type { RangeCommit } from './commit-range-source.js';
import { listCommitRange } from './range-listing.js';
import { readHeadBlobs, readRefsContaining } from './range-reach.js';
import type { RepoLayout } from '../git/git-types.js';
import { limitsFor } from '../git/object-limits.js';
import { parseCommitSubject } from '../git/commit-parse.js';
import { ObjectStore } from '../git/object-store.js';
import { isStagedLine, type StagedFile } from '../staged/staged-source.js';
import type { Match } from '../../types.js';
import type { BlobHit, BlobPlace, TargetHits } from '../source.js';
import { changedArchiveHits, isArchiveBlob } from '../git-history/changed-archives.js';
import { rangeMissingIssues } from './range-missing.js';
import { absorbJobResult, type ScanContext } from '../run-context.js';
import { readChangedBlob } from '../changed-blob.js';

const newlines = (text: string) => text.split('\n').length - 1;

/** Scans the commits that `revisionSets` select (one `git log` each, results merged). */
export async function scanCommitRange(target: string, layout: RepoLayout, revisionSets: string[][], ctx: ScanContext): Promise<TargetHits> {
  if (layout.workTree === null) {
    throw new UsageError('USAGE_RANGE_BARE', `commit ranges are read with git from a work tree, and ${target} is a bare repository`, {
      target,
    });
  }
  const seen = new Set<string>();
  const commits: RangeCommit[] = [];
  for (const revisions of revisionSets) {
    const listing = await listCommitRange(layout.workTree, revisions);
    ctx.issues.push(...rangeMissingIssues(target, listing, revisions));
    for (const c of listing.commits) {
      if (!seen.has(c.commit)) {
        seen.add(c.commit);
        commits.push(c);
      }
    }
  }
  const contents = new Map<string, Uint8Array>();
  let subjects = new Map<string, string>();
  const store = ObjectStore.open(layout, { limits: limitsFor(ctx.maxBlobSize) });
  try {
    subjects = readSubjects(store, commits);
    for (const c of commits) {
      for (const f of c.files) {
        if (contents.has(f.oid)) continue;
        const data = readChangedBlob(() => store.read(f.oid).data, ctx, f, `${f.path} in commit ${c.commit}`);
        if (data !== null) contents.set(f.oid, data);
      }
    }
  } finally {
    store.close();
  }
  const matches = new Map<string, Match[]>();
  if (contents.size > 0) {
    const blobs = [...contents].map(([id, data]) => ({ id, data }));
    absorbJobResult(ctx, await ctx.pool.run({ type: 'blobs', id: 0, blobs }), matches, { what: 'commit range' });
  }
  const found: { c: (typeof commits)[number]; f: (typeof commits)[number]['files'][number]; kept: Match[] }[] = [];
  for (const c of commits) {
    for (const f of c.files) {
      const named = ctx.names.match(baseName(f.path), f.oid);
      const all = named.length > 0 ? [...(matches.get(f.oid) ?? []), ...named] : (matches.get(f.oid) ?? []);
      const kept = all.filter((m) => isStagedLine(f, m.line, newlines(m.secret)));
      if (kept.length > 0) found.push({ c, f, kept });
    }
  }
  const archived = commits.flatMap((c) => c.files.filter((f) => isArchiveBlob(contents.get(f.oid))).map((f) => ({ c, f })));
  const placed = [...found, ...archived];
  const atHead = await readHeadBlobs(layout.workTree, [...new Set(placed.map(({ f }) => f.path))]);
  const refsOf = new Map<string, string[]>();
  for (const { c } of placed) if (!refsOf.has(c.commit)) refsOf.set(c.commit, await readRefsContaining(layout.workTree, c.commit));
  // Every commit listed came from a revision the user named, so it is reachable.
  const placeOf = (c: RangeCommit, f: StagedFile): BlobPlace => ({
    file: f.path,
    commit: c.commit,
    author: c.author,
    email: c.email,
    date: c.date,
    ...(subjects.has(c.commit) ? { subject: subjects.get(c.commit) } : {}),
    refs: refsOf.get(c.commit) ?? [],
    reachable: true,
    atHead: atHead.get(f.path) === f.oid,
  });
  const hits: BlobHit[] = found.map(({ c, f, kept }) => ({ blobId: f.oid, matches: kept, places: [placeOf(c, f)] }));
  const occurrences = archived.map(({ c, f }) => ({ oid: f.oid, place: placeOf(c, f) }));
  hits.push(...(await changedArchiveHits(target, contents, occurrences, ctx)));
  return { target, source: 'git', blobs: hits };
}

// Subjects come from our own object reader, not from `git log --format=%s`: a message can hold
// the bytes that separate git log's records, and must not be able to shift what gets scanned.
// A subject only labels a place, so a commit that cannot be read, or has no message, has none.
function readSubjects(store: ObjectStore, commits: { commit: string; files: unknown[] }[]): Map<string, string> {
  const subjects = new Map<string, string>();
  for (const c of commits) {
    if (c.files.length === 0) continue;
    try {
      const subject = parseCommitSubject(store.read(c.commit).data);
      if (subject !== '') subjects.set(c.commit, subject);
    } catch (err) {
      if (!isCredsweepError(err)) throw err;
    }
  }
  return subjects;
}
