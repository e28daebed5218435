// Trees stored as deltas: the completeness check looks up only the ids a delta did not copy from
// its base's own entries (src/sources/git/tree-delta.ts). Every missing object is still named when
// a delta assembles an id out of the base's name bytes, when the base is an entry the pack index
// does not list, and when the id is inserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NamedObjectCheck } from '../../src/scan/named-objects.js';
import type { MissingObject } from '../../src/sources/jobs.js';
import { CopiedIds } from '../../src/sources/git/tree-delta.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { addPack, buildIndex, buildPack, varint } from '../support/hostile-git.js';
import { runCli } from '../support/run-cli.js';

const id = (byte: string) => byte.repeat(20);
const BLOB = id('11');
const INSERTED = id('31');
const UNLISTED_BASE = id('33');
// An id whose bytes are also a file name in the base tree: no NUL, no slash.
const ASSEMBLED = 'a1b2c3d4e5f60718293a4b5c6d7e8f9aabbccdde';

function entry(mode: string, name: Buffer | string, oid: string): Buffer {
  return Buffer.concat([Buffer.from(`${mode} `), Buffer.from(name), Buffer.from([0]), Buffer.from(oid, 'hex')]);
}

function copy(offset: number, size: number): Buffer {
  const args: number[] = [];
  let cmd = 0x80;
  for (let b = 0; b < 4; b++) {
    const byte = Math.floor(offset / 2 ** (8 * b)) & 0xff;
    if (byte !== 0) {
      cmd |= 1 << b;
      args.push(byte);
    }
  }
  for (let b = 0; b < 3; b++) {
    const byte = (size >> (8 * b)) & 0xff;
    if (byte !== 0) {
      cmd |= 0x10 << b;
      args.push(byte);
    }
  }
  return Buffer.from([cmd, ...args]);
}

function insert(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

function delta(base: Buffer, result: Buffer, ops: Buffer[]): Buffer {
  return Buffer.concat([varint(base.length), varint(result.length), ...ops]);
}

// The base: a file, a submodule commit, and a file named with the bytes of ASSEMBLED.
const base = Buffer.concat([
  entry('100644', 'a.txt', BLOB),
  entry('160000', 'module', INSERTED),
  entry('100644', Buffer.from(ASSEMBLED, 'hex'), BLOB),
]);
const nameAt = base.indexOf(Buffer.from(ASSEMBLED, 'hex'));
// The base whole, and one more entry inserted.
const grown = Buffer.concat([base, entry('100644', 'b.txt', INSERTED)]);
const grownDelta = delta(base, grown, [copy(0, base.length), insert(entry('100644', 'b.txt', INSERTED))]);
// One entry whose id is copied out of the base's third name.
const assembledHead = Buffer.from('100644 c\0');
const assembled = Buffer.concat([assembledHead, Buffer.from(ASSEMBLED, 'hex')]);
const assembledDelta = delta(base, assembled, [insert(assembledHead), copy(nameAt, 20)]);
// A submodule entry of the base, copied as a file.
const relabelled = Buffer.concat([Buffer.from('100644 m\0'), Buffer.from(INSERTED, 'hex')]);
const moduleIdAt = base.indexOf(Buffer.from(INSERTED, 'hex'));
const relabelledDelta = delta(base, relabelled, [insert(Buffer.from('100644 m\0')), copy(moduleIdAt, 20)]);

describe('ids a tree delta copied from its base', () => {
  it("counts only ids copied from where the base's own entries keep theirs", () => {
    const grownIds = CopiedIds.of(base, grownDelta);
    expect(grownIds).not.toBeNull();
    const at = (tree: Buffer, n: number) => {
      let pos = 0;
      for (let i = 0; ; i++) {
        const nul = tree.indexOf(0, pos);
        if (i === n) return nul + 1;
        pos = nul + 21;
      }
    };
    // a.txt and the name-as-id file were copied; the submodule's id is another repository's; b.txt is new.
    expect([0, 1, 2, 3].map((n) => grownIds?.copiedFromBaseEntry(at(grown, n)))).toEqual([true, false, true, false]);
    expect(CopiedIds.of(base, assembledDelta)?.copiedFromBaseEntry(assembledHead.length)).toBe(false);
    expect(CopiedIds.of(base, relabelledDelta)?.copiedFromBaseEntry(9)).toBe(false);
  });

  it('gives up on a delta it cannot read or a base that is not a tree', () => {
    expect(CopiedIds.of(base, Buffer.from([5, 5, 0]))).toBeNull();
    expect(CopiedIds.of(Buffer.from('not a tree'), grownDelta)).toBeNull();
  });

  it('leaves the check one lookup for the inserted entry, and the same missing ids', () => {
    const lookups: string[] = [];
    const store = {
      hasRaw: (oid: Buffer) => {
        lookups.push(oid.toString('hex'));
        return oid.toString('hex') === BLOB;
      },
    };
    const missing: MissingObject[] = [];
    new NamedObjectCheck(store).tree(id('22'), grown, missing, { base, delta: grownDelta });
    expect(lookups).toEqual([INSERTED]);
    expect(missing.map((m) => m.oid)).toEqual([INSERTED]);
    const whole: MissingObject[] = [];
    new NamedObjectCheck(store).tree(id('22'), grown, whole);
    expect(whole.map((m) => m.oid)).toEqual([INSERTED]);
  });
});

describe('a scan of a pack of tree deltas', () => {
  let repo: GitFixture;

  beforeAll(async () => {
    repo = await makeRepo({ bare: true });
    const unlisted = entry('100644', 'd.txt', UNLISTED_BASE);
    const pack = buildPack([
      { type: 'blob', data: Buffer.from('hello\n') },
      { type: 'tree', data: base },
      { type: 'ofsDelta', base: 1, delta: grownDelta },
      { type: 'ofsDelta', base: 1, delta: assembledDelta },
      { type: 'tree', data: unlisted },
      { type: 'ofsDelta', base: 4, delta: delta(unlisted, unlisted, [copy(0, unlisted.length)]) },
    ]);
    // Entry 4 is in the pack but not in its index: no scan reads it as an object.
    const listed = [0, 1, 2, 3, 5];
    const idx = buildIndex({ bytes: pack.bytes, offsets: listed.map((i) => pack.offsets[i] as number) }, [
      BLOB,
      id('21'),
      id('22'),
      id('23'),
      id('25'),
    ]);
    addPack(repo.dir, pack, idx);
  });

  afterAll(() => repo.cleanup());

  it('names the inserted id, the id assembled from name bytes and the id copied from an unlisted base', async () => {
    const run = await runCli(['scan', repo.dir, '--no-progress']);
    expect(run.code, run.stdout + run.stderr).toBe(3);
    for (const oid of [INSERTED, ASSEMBLED, UNLISTED_BASE]) expect(run.stdout, oid).toContain(oid);
  });
});
