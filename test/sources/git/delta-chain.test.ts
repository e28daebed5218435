// Delta chains over objects too large for the delta-base cache: reading them in pack order must
// cost one inflation per entry, not a re-walk of the chain for every object (the square of depth).
import { describe, expect, it } from 'vitest';
import { MemoryByteSource } from '../../../src/sources/git/byte-source.js';
import { readPackedObject } from '../../../src/sources/git/delta-chain.js';
import { ObjectCache } from '../../../src/sources/git/object-cache.js';
import { DEFAULT_LIMITS, type ObjectLimits } from '../../../src/sources/git/object-limits.js';
import { type PackEntry, PackFile } from '../../../src/sources/git/pack-file.js';
import { buildPack, type PackEntrySpec, varint } from '../../support/hostile-git.js';

/** A real PackFile that counts how many entries it inflates. */
class CountingPack extends PackFile {
  inflated = 0;
  override entry(offset: number, sequential: boolean, limits: ObjectLimits): PackEntry {
    this.inflated++;
    return super.entry(offset, sequential, limits);
  }
}

// Each delta copies the whole previous version and appends one byte.
function appendDelta(baseSize: number, byte: number): Buffer {
  const copy = Buffer.from([0x80 | 0x10 | 0x20, baseSize & 0xff, baseSize >> 8]);
  return Buffer.concat([varint(baseSize), varint(baseSize + 1), copy, Buffer.from([1, byte])]);
}

describe('delta chains over large objects', () => {
  it('read in pack order, a 100-deep chain inflates each entry about once', () => {
    const depth = 100;
    const base = Buffer.alloc(8000, 'x');
    const specs: PackEntrySpec[] = [{ type: 'blob', data: base }];
    for (let i = 0; i < depth; i++) specs.push({ type: 'ofsDelta', base: i, delta: appendDelta(base.length + i, 65 + (i % 26)) });
    const built = buildPack(specs);
    const pack = new CountingPack('chain.pack', new MemoryByteSource(built.bytes), built.bytes.length - 20);
    // Every object (8 KB and up) is over a quarter of this 16 KB budget.
    const ctx = { packs: [pack], cache: new ObjectCache(16_000), limits: DEFAULT_LIMITS, findBase: () => null };
    let last: Buffer = base;
    for (const offset of built.offsets) last = readPackedObject(ctx, 0, offset, true).data;
    expect(last.length).toBe(base.length + depth);
    expect(last.subarray(base.length, base.length + 3).toString()).toBe('ABC');
    expect(pack.inflated).toBeLessThanOrEqual(2 * built.offsets.length);
  });
});
