// Indexes a pack that has no .idx (git leaves such packs behind after interrupted operations,
// and bundles and fetched packs arrive without one): one sequential parse finds every entry and
// how long its zlib stream is, then deltas are resolved to compute each object's id, as
// `git index-pack` does. A damaged entry ends the parse, since the next entry's start is unknown.
import { createHash } from 'node:crypto';
import { GitError } from '../../errors.js';
import { type ByteSource, MemoryByteSource } from './byte-source.js';
import { type ChainContext, readPackedObject } from './delta-chain.js';
import type { GitObject } from './git-types.js';
import { inflateExact, inflateInChunks } from './inflate.js';
import { ObjectCache } from './object-cache.js';
import { DEFAULT_LIMITS, deltaLimit, limitOf, type ObjectLimits } from './object-limits.js';
import { PackIndex } from './pack-index.js';
import { type EntryHeader, inputBound, OBJ_REF_DELTA, PackFile, parseEntryHeader, TYPE_NAMES } from './pack-file.js';

/** A pack indexed by parsing it. */
export interface IndexedPack {
  /** Every object whose id could be computed. */
  index: PackIndex;
  /** Where the last parsed entry ends. */
  dataEnd: number;
  /** What could not be indexed: a damaged entry ends the parse (`GIT_CORRUPT_PACK`), an unresolvable delta loses one object. */
  problems: GitError[];
}

/** Options for {@link indexPackSource}. */
export interface IndexOptions {
  /** Finds a REF_DELTA base outside the pack (thin packs); null when absent. */
  findExternal?(oid: Buffer): GitObject | null;
  /** Objects over these are never materialised (default {@link DEFAULT_LIMITS}). */
  limits?: ObjectLimits;
}

/** Git object id of `data` as an object of `type`. */
export function hashObject(type: string, data: Buffer): Buffer {
  return createHash('sha1').update(`${type} ${data.length}\0`, 'latin1').update(data).digest();
}

function packProblem(name: string, why: string, data: Record<string, unknown> = {}): GitError {
  return new GitError('GIT_CORRUPT_PACK', `pack ${name}: ${why}`, { path: name, ...data });
}

interface Parsed {
  offsets: number[];
  oids: (Buffer | null)[];
  refBases: (Buffer | null)[];
  dataEnd: number;
}

// An entry over its limit is never held: a whole object is hashed as it inflates, so it is still
// indexed (and then skipped or reported when read); a delta that large can only be hostile and
// is stepped over (resolving it later fails from its header, and is reported). Either way the
// parse finds the entry after it.
function stepOver(source: ByteSource, start: number, header: EntryHeader): { oid: Buffer | null; consumed: number } {
  const type = TYPE_NAMES[header.type];
  const hash = type === undefined ? null : createHash('sha1').update(`${type} ${header.size}\0`, 'latin1');
  const consumed = inflateInChunks(
    (done) => source.bytes(start + done, 1 << 20, true),
    header.size,
    (chunk) => hash?.update(chunk),
  );
  return { oid: hash?.digest() ?? null, consumed };
}

function parseEntries(source: ByteSource, name: string, problems: GitError[], limits: ObjectLimits): Parsed {
  const parsed: Parsed = { offsets: [], oids: [], refBases: [], dataEnd: 12 };
  const head = source.bytes(0, 12, true);
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'PACK') {
    problems.push(packProblem(name, 'no PACK header'));
    return parsed;
  }
  const version = head.readUInt32BE(4);
  const count = head.readUInt32BE(8);
  if (version !== 2 && version !== 3) problems.push(packProblem(name, `unknown pack version ${version}`));
  let pos = 12;
  for (let i = 0; i < count; i++) {
    try {
      const header = parseEntryHeader(source.bytes(pos, 32, true), pos, name);
      const start = pos + header.length;
      const typeName = TYPE_NAMES[header.type];
      if (header.size > (typeName === undefined ? deltaLimit(limits) : limitOf(limits, typeName))) {
        const stepped = stepOver(source, start, header);
        parsed.offsets.push(pos);
        parsed.oids.push(stepped.oid);
        parsed.refBases.push(null);
        pos = start + stepped.consumed;
        parsed.dataEnd = pos;
        continue;
      }
      let input = source.bytes(start, inputBound(header.size), true);
      let inflated: ReturnType<typeof inflateExact>;
      try {
        inflated = inflateExact(input, header.size);
      } catch {
        // Only a packer that stores data uncompressed in tiny blocks exceeds the margin: retry wider.
        input = source.bytes(start, header.size * 2 + (1 << 20), true);
        inflated = inflateExact(input, header.size);
      }
      parsed.offsets.push(pos);
      parsed.oids.push(typeName ? hashObject(typeName, inflated.data) : null);
      parsed.refBases.push(header.type === OBJ_REF_DELTA ? header.baseOid : null);
      pos = start + inflated.consumed;
      parsed.dataEnd = pos;
    } catch (err) {
      const lost = count - i;
      problems.push(
        packProblem(name, `entry at offset ${pos} is damaged (${(err as Error).message}); ${lost} object(s) from there on cannot be read`, {
          offset: pos,
          lost,
        }),
      );
      break;
    }
  }
  return parsed;
}

function buildIndex(offsets: number[], oids: (Buffer | null)[]): PackIndex {
  const known: number[] = [];
  for (let i = 0; i < oids.length; i++) if (oids[i] !== null) known.push(i);
  known.sort((a, b) => Buffer.compare(oids[a] as Buffer, oids[b] as Buffer));
  const oidBytes = Buffer.allocUnsafe(known.length * 20);
  const offsetArray = new Float64Array(known.length);
  known.forEach((entry, k) => {
    (oids[entry] as Buffer).copy(oidBytes, k * 20);
    offsetArray[k] = offsets[entry] as number;
  });
  return new PackIndex(oidBytes, offsetArray);
}

/** Indexes the pack in `source`; `name` labels messages. Never throws for damaged data: see `problems`. */
export function indexPackSource(source: ByteSource, name: string, options: IndexOptions = {}): IndexedPack {
  const problems: GitError[] = [];
  const limits = options.limits ?? DEFAULT_LIMITS;
  const { offsets, oids, refBases, dataEnd } = parseEntries(source, name, problems, limits);
  const pack = new PackFile(name, source, dataEnd);
  const byOid = new Map<string, number>();
  oids.forEach((oid, i) => {
    if (oid) byOid.set(oid.toString('hex'), offsets[i] as number);
  });
  const ctx: ChainContext = {
    packs: [pack],
    cache: new ObjectCache(32 << 20),
    limits,
    findBase(oid) {
      const offset = byOid.get(oid.toString('hex'));
      return offset !== undefined ? { pack: 0, offset } : (options.findExternal?.(oid) ?? null);
    },
  };
  // A REF_DELTA base may itself be a delta found later in the pack: repeat while progress is made.
  let pending = offsets.map((_, i) => i).filter((i) => oids[i] === null);
  const failures = new Map<number, Error>();
  while (pending.length > 0) {
    const next: number[] = [];
    for (const i of pending) {
      const ref = refBases[i];
      if (ref && !byOid.has(ref.toString('hex')) && !options.findExternal?.(ref)) {
        next.push(i);
        continue;
      }
      try {
        const object = readPackedObject(ctx, 0, offsets[i] as number, true);
        const oid = hashObject(object.type, object.data);
        oids[i] = oid;
        byOid.set(oid.toString('hex'), offsets[i] as number);
      } catch (err) {
        failures.set(i, err as Error);
      }
    }
    if (next.length === pending.length) {
      for (const i of next) failures.set(i, new Error(`delta base ${refBases[i]?.toString('hex')} is not available`));
      break;
    }
    pending = next;
  }
  for (const [i, err] of failures) {
    problems.push(
      new GitError('GIT_CORRUPT_OBJECT', `pack ${name}: delta at offset ${offsets[i]} cannot be resolved: ${err.message}`, {
        pack: name,
        offset: offsets[i],
      }),
    );
  }
  return { index: buildIndex(offsets, oids), dataEnd, problems };
}

/** Indexes a whole pack held in memory (a bundle's or a fetch's). */
export function indexPackBytes(pack: Buffer, name = 'pack', options: IndexOptions = {}): IndexedPack {
  return indexPackSource(new MemoryByteSource(pack), name, options);
}
