// Archives committed into a repository's history (release zips, vendored tarballs, jars, wheels):
// the workers send their bytes back, the one archive walker opens them here, and each member is
// scanned as a blob of its own. A member's place is the archive blob's place in history (its
// commit, author, date, refs) with the file named `path/of/archive.zip!inner/path`.
import { isCredsweepError, StartAgainWithArenaLimit } from '../../errors.js';
import type { BlobProvenance, Introduction } from '../git/provenance.js';
import { isBundleHead, openableKind } from '../archive/archive-kind.js';
import { blobId } from '../blob-id.js';
import type { BlobHit, BlobPlace } from '../source.js';
import { readNestedBundle } from '../bundle/nested-bundles.js';
import { openArchive } from '../archive/archive-members.js';
import type { ScanContext } from '../run-context.js';
import { BlobFeeder } from '../blob-feeder.js';

/** A blob's place from one commit that introduced it; `file` other than the path for an archive member. */
export function placeOfIntroduction(i: Introduction, atHead: boolean, file: string = i.path): BlobPlace {
  return {
    file,
    commit: i.commit,
    author: i.author,
    email: i.email,
    date: i.date,
    committerDate: i.committerDate,
    ...(i.subject === '' ? {} : { subject: i.subject }),
    refs: i.refs,
    refCount: i.refCount,
    reachable: i.reachable,
    atHead,
  };
}

/** Where a member blob sits: which archive blob, under which member path. */
export interface MemberPlace {
  archive: string;
  member: string;
}

/** Opens the archive blobs of one repository as they arrive and scans their members. */
export class HistoryArchives {
  private readonly feeder: BlobFeeder;
  private readonly where = new Map<string, MemberPlace[]>();
  private opening: Promise<void> = Promise.resolve();
  /** What stopped the opening (a run to be started again, a bug): thrown by finish(), not left unhandled meanwhile. */
  private stopped: { error: unknown } | null = null;

  /**
   * `read` gives an archive blob's bytes when its turn comes. Only ids wait in the queue: the
   * scan threads meet archives far faster than one walker opens them, and redis's 143 (123 MiB)
   * all waited at once as bytes, most of that run's peak memory.
   */
  constructor(
    private readonly target: string,
    private readonly ctx: ScanContext,
    private readonly read: (oid: string) => Uint8Array,
  ) {
    this.feeder = new BlobFeeder(ctx);
  }

  /** Queues archive blobs by id; they are read and opened one at a time, in arrival order. */
  add(oids: readonly string[]): void {
    for (const oid of oids) {
      this.opening = this.opening
        .then(() => (this.stopped === null ? this.readAndOpen(oid) : undefined))
        .catch((error: unknown) => {
          this.stopped ??= { error };
        });
    }
  }

  private async readAndOpen(oid: string): Promise<void> {
    let data: Uint8Array;
    try {
      data = this.read(oid);
    } catch (err) {
      if (!isCredsweepError(err)) throw err;
      this.ctx.issues.push({ code: err.code, message: `archive blob ${oid}: ${err.message}`, object: oid, path: this.target });
      return;
    }
    await this.open(oid, data);
  }

  private async open(oid: string, data: Uint8Array): Promise<void> {
    const kind = openableKind(data);
    if (kind === null) {
      if (isBundleHead(data)) await readNestedBundle(`${this.target}@${oid}`, data, this.ctx);
      return;
    }
    try {
      await openArchive(data, oid, kind, this.target, this.ctx, async (path, bytes) => {
        const id = blobId(bytes);
        const places = this.where.get(id) ?? [];
        places.push({ archive: oid, member: path.slice(oid.length + 1) });
        this.where.set(id, places);
        await this.feeder.add({ id, data: bytes, origin: { source: 'git', target: this.target, path } });
      });
    } catch (err) {
      if (err instanceof StartAgainWithArenaLimit) throw err;
      this.ctx.issues.push({
        code: 'ARCHIVE_UNREADABLE',
        message: `archive blob ${oid}: ${(err as Error).message}`,
        object: oid,
        path: this.target,
      });
    }
  }

  /** Waits for every archive; returns the member blobs with matches and the archive blobs whose provenance they need. */
  async finish(): Promise<{ hits: BlobHit[]; archives: Set<string> }> {
    await this.opening;
    if (this.stopped !== null) throw this.stopped.error;
    const { blobs } = await this.feeder.finish(this.target, 'git');
    const archives = new Set<string>();
    for (const hit of blobs) for (const p of this.where.get(hit.blobId) ?? []) archives.add(p.archive);
    return { hits: blobs, archives };
  }

  /** Which archive blobs hold a member blob, and under which member path. */
  membersOf(memberId: string): readonly MemberPlace[] {
    return this.where.get(memberId) ?? [];
  }

  /** The places of a member blob: each place of each archive blob holding it, the file named `archive!member`. */
  placesOf(memberId: string, provenance: (oid: string) => BlobProvenance | undefined): BlobPlace[] {
    const places: BlobPlace[] = [];
    for (const { archive, member } of this.where.get(memberId) ?? []) {
      const p = provenance(archive);
      if (!p || p.introductions.length === 0) {
        places.push({
          file: `${archive}!${member}`,
          commit: null,
          author: null,
          email: null,
          date: null,
          refs: [],
          reachable: false,
          atHead: false,
        });
        continue;
      }
      for (const i of p.introductions) places.push(placeOfIntroduction(i, p.atHead, `${i.path}!${member}`));
    }
    return places;
  }
}
