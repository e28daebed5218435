// The whole object store of a repository: every pack of every object directory (alternates
// included) plus loose objects, read in-process. packObjects() lists a range of one pack in offset
// order so each worker thread lists and reads its own contiguous share sequentially with readAt();
// enumerate() lists every object at once where a caller needs the whole list.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GitError } from '../../errors.js';
import { FileByteSource, WindowPair } from './byte-source.js';
import { type ChainContext, type PackedPlace, readPackedObject, readPackedType } from './delta-chain.js';
import type { GitObject, GitObjectType, ObjectLocation, ObjectReader, RepoLayout } from './git-types.js';
import { listLooseObjects, looseObjectPath, readLooseObject } from './loose-object.js';
import { ObjectCache } from './object-cache.js';
import { DEFAULT_LIMITS, type ObjectLimits, TOO_LARGE } from './object-limits.js';
import { PackFile } from './pack-file.js';
import { adoptPackIndex, type PackIndex, readPackIndex, type SharedPackIndex } from './pack-index.js';
import { type IndexLookup, PackIndexProbe } from './pack-index-probe.js';
import { indexPackSource } from './pack-indexer.js';

const HEX_OID = /^[0-9a-f]{40}$/;

/** Tuning knobs; the defaults suit a full-history scan. */
export interface StoreOptions {
  /** Delta-base cache budget in bytes (default 96 MiB, git's default). */
  cacheBytes?: number;
  /** Size of the sliding window for pack-order reading (default 32 MiB). */
  windowBytes?: number;
  /** Objects over these are never materialised (default {@link DEFAULT_LIMITS}). */
  limits?: ObjectLimits;
  /** Size of the window for reads by id, refilled on each miss (default 256 KiB). */
  scatteredBytes?: number;
  /** Read pack indexes into shared memory, so {@link ObjectStore.sharedIndexes} can hand them to scan threads. */
  shareIndexes?: boolean;
  /** Pack indexes another thread read, by pack path: used instead of reading the .idx again. */
  sharedIndexes?: Readonly<Record<string, SharedPackIndex>>;
  /**
   * Look ids up in each (version 2) .idx file as needed instead of reading it whole: for a
   * caller that reads a few objects by id (pack-index-probe.ts). Listing the objects reads the
   * whole index then.
   */
  probeIndexes?: boolean;
}

interface OpenedPack {
  file: PackFile;
  /** What reads by id use: the whole index, or a probe of it. */
  lookup: IndexLookup;
  /** The whole index, read on first use when only a probe was opened. */
  index: () => PackIndex;
  probe: PackIndexProbe | null;
}

function wholeIndex(index: PackIndex): Pick<OpenedPack, 'lookup' | 'index' | 'probe'> {
  return { lookup: index, index: () => index, probe: null };
}

function probedIndex(probe: PackIndexProbe, idxPath: string): Pick<OpenedPack, 'lookup' | 'index' | 'probe'> {
  let whole: PackIndex | null = null;
  return { lookup: probe, index: () => (whole ??= readPackIndex(idxPath)), probe };
}

function listPacks(objectsDir: string): string[] {
  try {
    return readdirSync(join(objectsDir, 'pack'))
      .filter((name) => name.endsWith('.pack'))
      .sort()
      .map((name) => join(objectsDir, 'pack', name));
  } catch {
    return [];
  }
}

/** Opens one pack with its .idx, or indexes it by parsing when the .idx is missing or damaged. */
function openPack(path: string, windows: WindowPair, problems: GitError[], options: StoreOptions, limits: ObjectLimits): OpenedPack {
  const source = new FileByteSource(path, windows);
  const idxPath = `${path.slice(0, -'.pack'.length)}.idx`;
  let ways: Pick<OpenedPack, 'lookup' | 'index' | 'probe'> | null = null;
  const shared = options.sharedIndexes?.[path];
  if (shared !== undefined || existsSync(idxPath)) {
    try {
      const probe = shared === undefined && options.probeIndexes === true ? PackIndexProbe.open(idxPath) : null;
      ways =
        probe !== null
          ? probedIndex(probe, idxPath)
          : wholeIndex(shared !== undefined ? adoptPackIndex(shared, idxPath) : readPackIndex(idxPath, options.shareIndexes === true));
    } catch (err) {
      problems.push(err as GitError);
    }
  }
  if (ways === null) {
    const indexed = indexPackSource(source, path, { limits });
    problems.push(...indexed.problems);
    return { file: new PackFile(path, source, indexed.dataEnd), ...wholeIndex(indexed.index) };
  }
  const index = ways.lookup;
  const head = Buffer.from(source.bytes(0, 12, false));
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'PACK' || head.readUInt32BE(8) !== index.count) {
    problems.push(new GitError('GIT_CORRUPT_PACK', `pack ${path} has a bad header or does not match its index`, { path }));
  }
  // A pack whose trailer is not the checksum its index recorded was cut short or damaged: its
  // last entry then runs to the end of the file, and whatever is missing fails on its own.
  let dataEnd = source.size - 20;
  const trailer = source.bytes(source.size - 20, 20, false);
  if (index.packChecksum === null || source.size < 32 || !trailer.equals(index.packChecksum)) {
    dataEnd = source.size;
    problems.push(
      new GitError('GIT_CORRUPT_PACK', `pack ${path} does not end with the checksum its index expects (truncated or damaged)`, { path }),
    );
  }
  return { file: new PackFile(path, source, dataEnd), ...ways };
}

/** Reads objects from every pack and loose object of a repository, without the git binary. */
export class ObjectStore implements ObjectReader {
  /** Paths of the packs, in the order `ObjectLocation.pack` numbers them. */
  readonly packs: string[];
  /** Damage found while opening (bad index, truncated pack, unparseable entries); reading goes on around it. */
  readonly problems: GitError[];
  private readonly opened: OpenedPack[];
  private readonly ctx: ChainContext;
  private lastPack = 0;

  private constructor(
    private readonly objectDirs: readonly string[],
    opened: OpenedPack[],
    problems: GitError[],
    cache: ObjectCache,
    private readonly limits: ObjectLimits,
  ) {
    this.opened = opened;
    this.packs = opened.map((p) => p.file.path);
    this.problems = problems;
    this.ctx = {
      packs: opened.map((p) => p.file),
      cache,
      limits,
      findBase: (oid) => this.findPacked(oid) ?? readLooseObject(this.objectDirs, oid.toString('hex'), limits),
    };
  }

  /** Opens the store of `layout`; the same layout always gives the same pack numbering. */
  static open(layout: RepoLayout, options: StoreOptions = {}): ObjectStore {
    const windows = new WindowPair(options.windowBytes, options.scatteredBytes);
    const limits = options.limits ?? DEFAULT_LIMITS;
    const problems: GitError[] = [];
    const opened: OpenedPack[] = [];
    for (const dir of layout.objectDirs) {
      for (const path of listPacks(dir)) {
        try {
          opened.push(openPack(path, windows, problems, options, limits));
        } catch (err) {
          problems.push(new GitError('GIT_CORRUPT_PACK', `pack ${path} cannot be opened: ${(err as Error).message}`, { path }));
        }
      }
    }
    return new ObjectStore(layout.objectDirs, opened, problems, new ObjectCache(options.cacheBytes), limits);
  }

  /** Where `oid` (20 bytes) is packed, or null; the last pack that answered is asked first. */
  private findPacked(oid: Buffer): PackedPlace | null {
    const count = this.opened.length;
    for (let k = 0; k < count; k++) {
      const p = (this.lastPack + k) % count;
      const { lookup } = this.opened[p] as OpenedPack;
      const position = lookup.find(oid);
      if (position >= 0) {
        this.lastPack = p;
        return { pack: p, offset: lookup.offsetAt(position) };
      }
    }
    return null;
  }

  private static binary(oid: string): Buffer {
    if (!HEX_OID.test(oid)) throw new GitError('GIT_MISSING_OBJECT', `"${oid}" is not an object id`, { oid });
    return Buffer.from(oid, 'hex');
  }

  has(oid: string): boolean {
    if (!HEX_OID.test(oid)) return false;
    return this.hasRaw(Buffer.from(oid, 'hex'));
  }

  /** Whether the object of binary id `oid` is in the store: an index lookup, else a loose file. */
  hasRaw(oid: Buffer): boolean {
    if (this.findPacked(oid) !== null) return true;
    const hex = oid.toString('hex');
    return this.objectDirs.some((dir) => existsSync(looseObjectPath(dir, hex)));
  }

  read(oid: string): GitObject {
    const place = this.findPacked(ObjectStore.binary(oid));
    if (place !== null) return this.readPacked(oid, place.pack, place.offset, false);
    return this.readLoose(oid);
  }

  readRaw(oid: Buffer): GitObject {
    const place = this.findPacked(oid);
    if (place === null) return this.readLoose(oid.toString('hex'));
    try {
      return readPackedObject(this.ctx, place.pack, place.offset, false);
    } catch (err) {
      throw ObjectStore.damaged(oid.toString('hex'), err);
    }
  }

  /** Where `oid` is stored (its pack and offset, or loose), or null when the store lacks it. */
  locate(oid: string): ObjectLocation | null {
    if (!HEX_OID.test(oid)) return null;
    const place = this.findPacked(Buffer.from(oid, 'hex'));
    if (place !== null) return { oid, pack: place.pack, offset: place.offset };
    return this.objectDirs.some((dir) => existsSync(looseObjectPath(dir, oid))) ? { oid, pack: -1, offset: 0 } : null;
  }

  /** Reads the object at `loc` (from {@link enumerate}); fastest when called in enumerate() order. */
  readAt(loc: ObjectLocation): GitObject {
    return loc.pack < 0 ? this.readLoose(loc.oid) : this.readPacked(loc.oid, loc.pack, loc.offset, true);
  }

  /** The type of the object at `loc`, from entry headers only for packed objects. */
  objectType(loc: ObjectLocation): GitObjectType {
    if (loc.pack < 0) return this.readLoose(loc.oid).type;
    try {
      return readPackedType(this.ctx, loc.pack, loc.offset);
    } catch (err) {
      throw ObjectStore.damaged(loc.oid, err);
    }
  }

  private readLoose(oid: string): GitObject {
    const object = readLooseObject(this.objectDirs, oid, this.limits);
    if (object === null) throw new GitError('GIT_MISSING_OBJECT', `object ${oid} is not in the repository`, { oid });
    return object;
  }

  private readPacked(oid: string, pack: number, offset: number, sequential: boolean): GitObject {
    try {
      return readPackedObject(this.ctx, pack, offset, sequential);
    } catch (err) {
      throw ObjectStore.damaged(oid, err);
    }
  }

  /** Names the object a failure was about; anything unexpected while reading counts as damage too. */
  private static damaged(oid: string, err: unknown): GitError {
    const e = err as Error;
    const data = err instanceof GitError ? err.data : {};
    if (err instanceof GitError && err.code === TOO_LARGE) return new GitError(TOO_LARGE, `object ${oid}: ${e.message}`, { ...data, oid });
    return new GitError('GIT_CORRUPT_OBJECT', `object ${oid} cannot be read: ${e.message}`, { ...data, oid });
  }

  /**
   * A digest of which objects the store holds: every pack index's sorted ids, in pack order, then
   * the loose ids. Equal digests mean the same objects whatever the pack files' bytes (a fresh
   * clone of unchanged history gives the same digest); a repack gives a new one.
   */
  objectSetKey(): string {
    const hash = createHash('sha256');
    for (const opened of this.opened) {
      const index = opened.index();
      hash.update(`${index.count}\n`);
      hash.update(index.oids);
    }
    const loose = this.looseObjects()
      .map((l) => l.oid)
      .sort();
    hash.update(`loose ${loose.length}\n${loose.join('\n')}`);
    return hash.digest('hex');
  }

  /**
   * The pack indexes read into shared memory (with `shareIndexes`), by pack path, with each one's
   * offset order worked out once here when `withOrder` (for {@link packObjects}): a scan thread
   * given them opens the same store without reading or sorting any index itself.
   */
  sharedIndexes(withOrder: boolean): Record<string, SharedPackIndex> {
    const out: Record<string, SharedPackIndex> = {};
    for (const { file, index } of this.opened) {
      const shared = index().share(withOrder);
      if (shared !== null) out[file.path] = shared;
    }
    return out;
  }

  /** How many objects each pack's index lists, by pack number (before skipping repeats). */
  packCounts(): number[] {
    return this.opened.map(({ lookup }) => lookup.count);
  }

  /**
   * The objects of pack `p` at offset-order positions `from..to` (exclusive), skipping ids an
   * earlier pack holds. Lets a worker list its own share of a pack, so no list of every object
   * is built on one thread and copied to another.
   */
  *packObjects(p: number, from = 0, to = Number.POSITIVE_INFINITY): Generator<ObjectLocation> {
    const index = (this.opened[p] as OpenedPack).index();
    const earlier = this.opened.slice(0, p).map((o) => o.lookup);
    const positions = index.positionsByOffset();
    const end = Math.min(to, positions.length);
    for (let k = from; k < end; k++) {
      const position = positions[k] as number;
      const oid = index.oids.subarray(position * 20, position * 20 + 20);
      if (earlier.length > 0 && earlier.some((e) => e.find(oid) >= 0)) continue;
      yield { oid: oid.toString('hex'), pack: p, offset: index.offsetAt(position) };
    }
  }

  /** Loose objects that no pack holds, each once. */
  looseObjects(): ObjectLocation[] {
    const out: ObjectLocation[] = [];
    const seen = new Set<string>();
    for (const dir of this.objectDirs) {
      for (const oid of listLooseObjects(dir)) {
        if (seen.has(oid) || this.findPacked(Buffer.from(oid, 'hex')) !== null) continue;
        seen.add(oid);
        out.push({ oid, pack: -1, offset: 0 });
      }
    }
    return out;
  }

  /**
   * Every object once: each pack's objects in offset order (a later pack skips ids an earlier one
   * holds), then loose objects not in any pack.
   */
  enumerate(): ObjectLocation[] {
    const out: ObjectLocation[] = [];
    for (let p = 0; p < this.opened.length; p++) for (const loc of this.packObjects(p)) out.push(loc);
    for (const loc of this.looseObjects()) out.push(loc);
    return out;
  }

  /** Closes every pack file. */
  close(): void {
    for (const { file, probe } of this.opened) {
      file.close();
      probe?.close();
    }
    this.ctx.cache.clear();
  }
}
