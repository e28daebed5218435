import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { kindOfName, openableKind } from '../../../src/sources/archive/archive-kind.js';
import { walkBuffer, walkStream } from '../../../src/sources/archive/archive-walk.js';
import { TEST_LIMITS, walkItems } from '../../support/archive-items.js';
import { makeBzip2, makeTar, makeXz } from '../../support/archives.js';

const LIMITS = TEST_LIMITS;
const items = walkItems;

// As an S3 object is read: by its name, as a stream cut in small chunks.
function fromStream(data: Buffer, name: string, limits = LIMITS) {
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += 1000) chunks.push(data.subarray(at, at + 1000));
  return items(walkStream(Readable.from(chunks), name, kindOfName(name), limits));
}

// As a file on disk or a blob of history is read: by its bytes, whatever its name.
function fromBytes(data: Buffer, name: string, limits = LIMITS) {
  const kind = openableKind(data);
  if (kind === null) throw new Error(`${name}: not recognised as an archive`);
  return items(walkBuffer(data, name, kind, limits));
}

const FILES = { 'conf/app.env': 'DB_PASSWORD=made-up-Qv7xR2pLm9', 'README.md': '# demo' };

describe('bzip2 and xz archives', () => {
  it('reads tar.bz2, tbz2, tar.xz and txz members by name, and single .bz2 and .xz files', async () => {
    const tar = await makeTar(FILES);
    const expected = (name: string) => [
      ['file', `${name}!conf/app.env`, FILES['conf/app.env']],
      ['file', `${name}!README.md`, '# demo'],
    ];
    for (const name of ['r.tar.bz2', 'r.tbz2']) expect(await fromStream(makeBzip2(tar), name)).toEqual(expected(name));
    for (const name of ['r.tar.xz', 'r.txz']) expect(await fromStream(makeXz(tar), name)).toEqual(expected(name));
    expect(await fromStream(makeBzip2('token = made-up'), 'app.env.bz2')).toEqual([['file', 'app.env', 'token = made-up']]);
    expect(await fromStream(makeXz('token = made-up'), 'app.env.xz')).toEqual([['file', 'app.env', 'token = made-up']]);
  });

  it('knows them by their bytes, a tar inside found by its header', async () => {
    const tar = await makeTar(FILES);
    expect(openableKind(makeBzip2(tar))).toBe('bzip2');
    expect(openableKind(makeXz(tar))).toBe('xz');
    // Text that merely starts like a bzip2 header is not taken for one.
    expect(openableKind(Buffer.from('BZh9 is a word here'))).toBeNull();
    expect((await fromBytes(makeBzip2(tar), 'blob')).map((i) => i[1])).toEqual(['blob!conf/app.env', 'blob!README.md']);
    expect((await fromBytes(makeXz(tar), 'blob')).map((i) => i[1])).toEqual(['blob!conf/app.env', 'blob!README.md']);
  });

  it('reads concatenated bzip2 streams and archives nested in each other', async () => {
    const joined = Buffer.concat([makeBzip2('first=1\n'), makeBzip2('second=2\n')]);
    expect(await fromStream(joined, 'log.bz2')).toEqual([['file', 'log', 'first=1\nsecond=2\n']]);
    const inner = makeXz(await makeTar({ '.env': 'KEY=made-up' }));
    const outer = makeBzip2(await makeTar({ 'lib/inner.tar.xz': inner }));
    expect(await fromStream(outer, 'o.tar.bz2')).toEqual([['file', 'o.tar.bz2!lib/inner.tar.xz!.env', 'KEY=made-up']]);
  });

  it('stops a bzip2 bomb and an xz bomb at the expansion budget, with an issue naming them', async () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    const tar = await makeTar({ a: zeros, b: zeros, c: zeros, d: zeros });
    const limits = { ...LIMITS, maxBlobSize: 8 * 1024 * 1024, maxExpandedBytes: 10 * 1024 * 1024 };
    const bz = makeBzip2(tar);
    expect(bz.length).toBeLessThan(1024);
    const outBz = await fromStream(bz, 'bomb.tar.bz2', limits);
    expect(outBz.at(-1)).toEqual(['ARCHIVE_TOO_LARGE', 'bomb.tar.bz2', expect.stringContaining('archive bomb')]);
    expect(outBz.filter((i) => i[0] === 'file').length).toBeLessThan(3);
    const xz = makeXz(tar);
    expect(xz.length).toBeLessThan(16 * 1024);
    const outXz = await fromBytes(xz, 'bomb.tar.xz', limits);
    expect(outXz.at(-1)).toEqual(['ARCHIVE_TOO_LARGE', 'bomb.tar.xz', expect.stringContaining('archive bomb')]);
    // The decoder stopped early is free again for the next xz.
    expect(await fromBytes(makeXz('after=1'), 'next.xz')).toEqual([['file', 'next', 'after=1']]);
  });

  it('names a truncated or damaged stream', async () => {
    const bz = makeBzip2(await makeTar(FILES));
    const xz = makeXz(await makeTar(FILES));
    expect(await fromStream(bz.subarray(0, bz.length - 30), 'cut.tar.bz2')).toEqual([
      ['ARCHIVE_CORRUPT', 'cut.tar.bz2', expect.stringMatching(/cut\.tar\.bz2: bzip2 .*(truncated|damaged)/)],
    ]);
    // Cut in its index, after the data: the members are read, and the cut is still named.
    expect((await fromStream(xz.subarray(0, xz.length - 30), 'cut.tar.xz')).at(-1)).toEqual([
      'ARCHIVE_CORRUPT',
      'cut.tar.xz',
      'cut.tar.xz: xz data is truncated (it ends before the end of its stream)',
    ]);
    expect(await fromStream(xz.subarray(0, 40), 'short.tar.xz')).toEqual([
      ['ARCHIVE_CORRUPT', 'short.tar.xz', 'short.tar.xz: xz data is truncated (it ends before the end of its stream)'],
    ]);
    // Bytes 10 to 13 are the block's stored checksum. A flip in the coded data is not always
    // seen: it may land in a selector between two identical Huffman tables and decode to the
    // very same bytes (CI once met that), so nothing was damaged.
    const flipped = Buffer.from(bz);
    flipped[12] = (flipped[12] as number) ^ 0xff;
    const damaged = await fromStream(flipped, 'bad.tar.bz2');
    expect(damaged.at(-1)).toEqual(['ARCHIVE_CORRUPT', 'bad.tar.bz2', expect.stringContaining('bzip2 data is damaged')]);
    expect(await fromStream(Buffer.from('not xz at all'), 'fake.xz')).toEqual([
      ['ARCHIVE_CORRUPT', 'fake.xz', 'fake.xz: xz data is not xz data (no xz stream header)'],
    ]);
  });

  it('reports an xz inside an xz as not opened, and reads the rest', async () => {
    const inner = makeXz('INNER=made-up');
    const outer = makeXz(await makeTar({ 'inner.xz': inner, 'plain.txt': 'hello' }));
    expect(await fromBytes(outer, 'o.tar.xz')).toEqual([
      ['ARCHIVE_NOT_OPENED', 'o.tar.xz!inner.xz', expect.stringContaining('xz archive inside an xz archive')],
      ['file', 'o.tar.xz!plain.txt', 'hello'],
    ]);
  });
});
