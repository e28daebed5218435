import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { kindOfName } from '../../../src/sources/archive/archive-kind.js';
import { walkStream, walkZip } from '../../../src/sources/archive/archive-walk.js';
import { TEST_LIMITS, walkItems } from '../../support/archive-items.js';
import { makeTar, makeTgz, makeZip, renameInZip } from '../../support/archives.js';

const LIMITS = TEST_LIMITS;
const items = walkItems;

const fromStream = (data: Buffer, name: string, limits = LIMITS) =>
  items(walkStream(Readable.from([data]), name, kindOfName(name), limits));
const fromZip = (data: Buffer, name: string, limits = LIMITS) =>
  items(walkZip(() => yauzl.fromBufferPromise(data, { lazyEntries: true, decodeStrings: false }), name, limits));

describe('archive walking', () => {
  it('reads zip, tar, tar.gz and gzip members, named with "!"', async () => {
    const files = { 'src/app.js': 'const a = 1;', 'README.md': '# hi' };
    expect(await fromZip(await makeZip(files), 'b.zip')).toEqual([
      ['file', 'b.zip!src/app.js', 'const a = 1;'],
      ['file', 'b.zip!README.md', '# hi'],
    ]);
    expect(await fromStream(await makeTar(files), 'b.tar')).toEqual([
      ['file', 'b.tar!src/app.js', 'const a = 1;'],
      ['file', 'b.tar!README.md', '# hi'],
    ]);
    expect(await fromStream(await makeTgz(files), 'b.tgz')).toHaveLength(2);
    expect(await fromStream(gzipSync('token = abc'), 'app.env.gz')).toEqual([['file', 'app.env', 'token = abc']]);
    // A .gz holding a tar is read as one, by its header.
    expect((await fromStream(gzipSync(await makeTar(files)), 'backup.gz')).map((i) => i[1])).toEqual([
      'backup.gz!src/app.js',
      'backup.gz!README.md',
    ]);
  });

  it('opens archives inside archives, and reports those nested past the depth limit', async () => {
    const inner = await makeTgz({ 'deep/.env': 'SECRET=1' });
    const middle = await makeZip({ 'lib/inner.tar.gz': inner });
    const outer = await makeZip({ 'dist/middle.jar': middle });
    expect(await fromZip(outer, 'o.zip')).toEqual([['file', 'o.zip!dist/middle.jar!lib/inner.tar.gz!deep/.env', 'SECRET=1']]);
    const shallow = await fromZip(outer, 'o.zip', { ...LIMITS, maxDepth: 2 });
    expect(shallow).toEqual([
      ['ARCHIVE_TOO_DEEP', 'o.zip!dist/middle.jar!lib/inner.tar.gz', expect.stringContaining('more than 2 levels deep')],
    ]);
  });

  it('stops a zip bomb at the expansion budget, with an issue naming it', async () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    const bomb = await makeZip({ a: zeros, b: zeros, c: zeros });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const limits = { ...LIMITS, maxBlobSize: 16 * 1024 * 1024, maxExpandedBytes: 20 * 1024 * 1024 };
    const out = await fromZip(bomb, 'bomb.zip', limits);
    expect(out.slice(0, 2).map((i) => i[0])).toEqual(['file', 'file']);
    expect(out[2]).toEqual(['ARCHIVE_TOO_LARGE', 'bomb.zip', expect.stringContaining('archive bomb')]);
    // The same through gzip, where sizes are not declared.
    const gz = await fromStream(gzipSync(await makeTar({ a: zeros, b: zeros, c: zeros })), 'bomb.tar.gz', limits);
    expect(gz.at(-1)?.[0]).toBe('ARCHIVE_TOO_LARGE');
  });

  it('does not inflate a member over the blob size limit', async () => {
    const out = await fromZip(await makeZip({ big: Buffer.alloc(2 * 1024 * 1024), small: 'x' }), 'z.zip');
    expect(out).toEqual([
      ['too-large', 'z.zip!big', ''],
      ['file', 'z.zip!small', 'x'],
    ]);
  });

  it('scans members named to escape the archive under their names, writing nothing', async () => {
    const built = await makeZip({ 'xx/xx/etc/cron.d/evil': 'password = "hunter22!"', 'xabs/path': 'x' });
    const slip = renameInZip(renameInZip(built, 'xx/xx/etc/cron.d/evil', '../../etc/cron.d/evil'), 'xabs/path', '/abs/path');
    const out = await fromZip(slip, 'slip.zip');
    expect(out.map((i) => i[1])).toEqual(['slip.zip!../../etc/cron.d/evil', 'slip.zip!/abs/path']);
  });

  it('reports a corrupt gzip and a truncated zip as issues, not as empty', async () => {
    const gz = gzipSync('some text that is long enough to compress a little');
    expect(await fromStream(gz.subarray(0, gz.length - 12), 'x.gz')).toEqual([
      ['ARCHIVE_CORRUPT', 'x.gz', expect.stringContaining('x.gz: cannot be read')],
    ]);
    const zip = await makeZip({ a: 'hello' });
    const cut = await fromZip(zip.subarray(0, zip.length - 30), 'cut.zip');
    expect(cut).toEqual([['ARCHIVE_CORRUPT', 'cut.zip', expect.stringContaining('cannot be read')]]);
  });

  it('opens a plain-named object whose bytes are an archive', async () => {
    expect(await fromStream(await makeZip({ 'a.txt': 'A' }), 'artifact')).toEqual([['file', 'artifact!a.txt', 'A']]);
  });
});

describe('archive walking of hostile input', () => {
  it('reports a corrupt zip member and still reads the next one, without crashing', async () => {
    const zip = await makeZip({ 'a.txt': 'A'.repeat(5000), 'b.txt': 'BBB' });
    // Damage the deflate data of the first member (it starts right after its local header).
    const bad = Buffer.from(zip);
    const start = 30 + 'a.txt'.length;
    for (let i = start; i < start + 8; i++) bad[i] = 0xff;
    const out = await fromZip(bad, 'bad.zip');
    expect(out[0]?.[0]).toBe('ARCHIVE_CORRUPT');
    expect(out[0]?.[1]).toBe('bad.zip!a.txt');
    expect(out[1]).toEqual(['file', 'bad.zip!b.txt', 'BBB']);
  });

  it('counts each gzip layer against the depth limit', async () => {
    let data: Buffer = Buffer.from('SECRET=1');
    for (let i = 0; i < 12; i++) data = gzipSync(data);
    const out = await fromStream(data, 'deep.gz', { ...LIMITS, maxDepth: 3 });
    expect(out.map((i) => i[0])).toEqual(['ARCHIVE_TOO_DEEP']);
  });

  it('reads the members after a damaged nested archive', async () => {
    const outer = await makeZip({ 'notes.gz': 'this is not gzip at all', 'after.txt': 'still read' });
    const out = await fromZip(outer, 'o.zip');
    expect(out.map((i) => [i[0], i[1]])).toEqual([
      ['ARCHIVE_CORRUPT', 'o.zip!notes.gz'],
      ['file', 'o.zip!after.txt'],
    ]);
  });

  it('turns a stream that fails mid-tar into an issue, not a crash or a hang', async () => {
    const tar = await makeTar({ 'a.txt': 'x'.repeat(3000), 'b.txt': 'y' });
    const failing = new Readable({
      read() {
        this.push(tar.subarray(0, 1024));
        this.destroy(new Error('socket hang up'));
      },
    });
    const out = await items(walkStream(failing, 'cut.tar', 'tar', LIMITS));
    expect(out).toEqual([['SOURCE_READ_FAILED', 'cut.tar', 'cut.tar: cannot be read: socket hang up']]);
  });
});

describe('binary zip members', () => {
  // 64 KiB holding NUL bytes: what an executable's head looks like to the text check.
  const exe = Buffer.alloc(64 * 1024, 0x90);
  exe.write('MZ', 0);
  exe[200] = 0;
  const small = Buffer.from([0x4d, 0x5a, 0, 1, 2, 3]);

  it('are left after their head when the walk may, read whole when a rule needs their bytes', async () => {
    const zip = await makeZip({ 'bin/server.exe': exe, 'conf/app.env': 'token = abc', 'bin/tiny.dll': small, 'keys/store.p12': exe });
    const limits = { ...LIMITS, headOnlyIfBinary: (path: string) => !path.endsWith('.p12') };
    const walked = await fromZip(zip, 'r.zip', limits);
    expect(walked.map(([kind, path]) => [kind, path])).toEqual([
      ['binary', 'r.zip!bin/server.exe'],
      ['file', 'r.zip!conf/app.env'],
      ['file', 'r.zip!bin/tiny.dll'],
      ['file', 'r.zip!keys/store.p12'],
    ]);
    expect(walked[3]?.[2]).toBe(exe.toString('utf8'));
    // Without the walk's leave, every member is read whole as before.
    expect((await fromZip(zip, 'r.zip')).map(([kind]) => kind)).toEqual(['file', 'file', 'file', 'file']);
  });

  it('still opens a member whose bytes are an archive, whatever its name', async () => {
    // Stored, not deflated, so the inner zip is longer than the head the walk looks at.
    const inner = await makeZip({ 'deep/.env': 'SECRET=1', 'deep/tool.exe': exe }, { store: true });
    const zip = await makeZip({ 'payload.bin': inner });
    const walked = await fromZip(zip, 'o.zip', { ...LIMITS, headOnlyIfBinary: () => true });
    expect(walked.map(([kind, path]) => [kind, path])).toEqual([
      ['file', 'o.zip!payload.bin!deep/.env'],
      ['binary', 'o.zip!payload.bin!deep/tool.exe'],
    ]);
  });
});
