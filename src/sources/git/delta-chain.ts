// Resolves pack entries to whole objects: walks a delta chain back to a cached object or a
// full entry, then applies the deltas forward, caching each result so the next delta of the
// same family starts from its base instead of the bottom of the chain.
import { GitError } from '../../errors.js';
import { applyDelta, readDeltaSizes } from './delta.js';
import type { GitObject, GitObjectType } from './git-types.js';
import { ObjectCache } from './object-cache.js';
import { limitOf, type ObjectLimits, TOO_LARGE, tooLarge } from './object-limits.js';
import { corruptEntry, OBJ_OFS_DELTA, type PackEntry, type PackFile, TYPE_NAMES } from './pack-file.js';

// Git caps chains at 4095 (pack.depth); anything deeper is a loop in a hostile pack.
const MAX_CHAIN = 10_000;

/** A packed object's place: index into the pack list and byte offset. */
export interface PackedPlace {
  pack: number;
  offset: number;
}

/** What resolving needs from the object store around the packs. */
export interface ChainContext {
  packs: readonly PackFile[];
  cache: ObjectCache;
  /** Objects over these are never materialised. */
  limits: ObjectLimits;
  /** Finds a REF_DELTA base by 20-byte id: its packed place, a whole object (loose), or null. */
  findBase(oid: Buffer): PackedPlace | GitObject | null;
}

function isPlace(found: PackedPlace | GitObject): found is PackedPlace {
  return (found as PackedPlace).offset !== undefined;
}

function missingBase(pack: PackFile, offset: number, oid: Buffer): GitError {
  return corruptEntry(pack.path, offset, `delta base ${oid.toString('hex')} is not in the repository`);
}

// Something an object is built from being over the limit makes the object unreadable, not skipped.
function baseEntry(pack: PackFile, offset: number, limits: ObjectLimits): PackEntry {
  try {
    return pack.entry(offset, false, limits);
  } catch (err) {
    if (err instanceof GitError && err.code === TOO_LARGE)
      throw new GitError(TOO_LARGE, `its delta base: ${err.message}`, { ...err.data, own: false });
    throw err;
  }
}

// Every delta states its result's size: the object and each step towards it are checked against
// the limit before any is applied.
function checkResultSizes(deltas: Buffer[], type: GitObjectType, limits: ObjectLimits, pack: string, offset: number): void {
  const limit = limitOf(limits, type);
  for (let i = deltas.length - 1; i >= 0; i--) {
    const { resultSize } = readDeltaSizes(deltas[i] as Buffer);
    if (resultSize > limit) {
      const what = i === 0 ? `object at offset ${offset} of ${pack}` : `a delta base of the object at offset ${offset} of ${pack}`;
      throw tooLarge(what, type, resultSize, limit, i === 0);
    }
  }
}

/**
 * The object at `offset` of pack number `packNo`. `sequential` says the caller reads in pack order
 * (bases are then read through the small window, leaving the large one in place).
 * Throws GitError `GIT_CORRUPT_OBJECT` with `data.pack` and `data.offset` of the damaged entry.
 */
export function readPackedObject(ctx: ChainContext, packNo: number, offset: number, sequential: boolean): GitObject {
  const { packs, cache } = ctx;
  const first = ObjectCache.key(packNo, offset);
  const cached = cache.get(first);
  if (cached !== undefined) return cached;
  const top = (packs[packNo] as PackFile).entry(offset, sequential, ctx.limits);
  if (top.type < OBJ_OFS_DELTA) {
    const object: GitObject = { type: TYPE_NAMES[top.type] as GitObjectType, data: top.data };
    cache.set(first, object);
    return object;
  }
  // A delta: collect the chain down to something cached or whole, then apply upwards.
  const deltas: Buffer[] = [];
  const places: number[] = [];
  let entry = top;
  let p = packNo;
  let off = offset;
  let base: GitObject | undefined;
  for (;;) {
    deltas.push(entry.data);
    places.push(p, off);
    const pack = packs[p] as PackFile;
    if (deltas.length > MAX_CHAIN) throw corruptEntry(pack.path, offset, `delta chain longer than ${MAX_CHAIN}`);
    if (entry.type === OBJ_OFS_DELTA) {
      off = entry.baseOffset;
    } else {
      const found = ctx.findBase(entry.baseOid as Buffer);
      if (found === null) throw missingBase(pack, off, entry.baseOid as Buffer);
      if (!isPlace(found)) {
        base = found;
        break;
      }
      p = found.pack;
      off = found.offset;
    }
    const key = ObjectCache.key(p, off);
    base = cache.get(key);
    if (base !== undefined) break;
    entry = baseEntry(packs[p] as PackFile, off, ctx.limits);
    if (entry.type < OBJ_OFS_DELTA) {
      base = { type: TYPE_NAMES[entry.type] as GitObjectType, data: entry.data };
      cache.set(key, base);
      break;
    }
  }
  checkResultSizes(deltas, base.type, ctx.limits, (packs[packNo] as PackFile).path, offset);
  for (let i = deltas.length - 1; i >= 0; i--) {
    const deltaPack = places[2 * i] as number;
    const deltaOffset = places[2 * i + 1] as number;
    let data: Buffer;
    try {
      data = applyDelta(base.data, deltas[i] as Buffer);
    } catch (err) {
      if (!(err instanceof GitError)) throw err;
      throw corruptEntry((packs[deltaPack] as PackFile).path, deltaOffset, err.message);
    }
    base = { type: base.type, data };
    cache.set(ObjectCache.key(deltaPack, deltaOffset), base);
  }
  return base;
}

/** The type of the object at `offset` of pack `packNo`, from entry headers alone (no inflation). */
export function readPackedType(ctx: ChainContext, packNo: number, offset: number): GitObjectType {
  let p = packNo;
  let off = offset;
  for (let depth = 0; depth <= MAX_CHAIN; depth++) {
    const cached = ctx.cache.get(ObjectCache.key(p, off));
    if (cached !== undefined) return cached.type;
    const pack = ctx.packs[p] as PackFile;
    const header = pack.header(off);
    if (header.type < OBJ_OFS_DELTA) return TYPE_NAMES[header.type] as GitObjectType;
    if (header.type === OBJ_OFS_DELTA) {
      off = header.baseOffset;
      continue;
    }
    const found = ctx.findBase(header.baseOid as Buffer);
    if (found === null) throw missingBase(pack, off, header.baseOid as Buffer);
    if (!isPlace(found)) return found.type;
    p = found.pack;
    off = found.offset;
  }
  throw corruptEntry((ctx.packs[packNo] as PackFile).path, offset, `delta chain longer than ${MAX_CHAIN}`);
}
