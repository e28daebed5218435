// The walk's awkward entries: symlinks (followed or not), loops, FIFOs, sockets, unreadable files.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FsEntry, type WalkOptions, walkFiles } from '../../src/sources/files/fs-source.js';

let base: string;
const servers: Server[] = [];

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'cs-fsl-'));
  // The unreadable cases drop to an unprivileged uid, which must still be able to reach the tree.
  chmodSync(base, 0o755);
});
afterAll(() => {
  for (const s of servers) s.close();
  rmSync(base, { recursive: true, force: true });
});

function makeTree(name: string, files: Record<string, string>): string {
  const root = join(base, name);
  mkdirSync(root, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

async function collect(target: string, options: Partial<WalkOptions> = {}): Promise<FsEntry[]> {
  const out: FsEntry[] = [];
  for await (const entry of walkFiles(target, { maxBlobSize: 1 << 20, ...options })) out.push(entry);
  return out;
}

const paths = (entries: FsEntry[], kind: FsEntry['kind']) =>
  entries
    .filter((e) => e.kind === kind)
    .map((e) => (e.kind === 'blob' ? e.blob.origin.path : e.kind === 'skipped' ? e.path : e.issue.path))
    .sort();

const issues = (entries: FsEntry[]) => entries.flatMap((e) => (e.kind === 'issue' ? [e.issue] : []));

describe('symlinks', () => {
  let root: string;
  beforeAll(() => {
    const outside = makeTree('outside', { 'o.txt': 'outside' });
    root = makeTree('links', { 'top.txt': 'top', 'a/x.txt': 'x' });
    symlinkSync('top.txt', join(root, 'link-file'));
    symlinkSync('a', join(root, 'link-dir'));
    symlinkSync(outside, join(root, 'link-out'));
    symlinkSync('nowhere', join(root, 'dangling'));
  });

  it('are not followed by default, and each is reported as skipped', async () => {
    const entries = await collect(root);
    expect(paths(entries, 'blob')).toEqual(['a/x.txt', 'top.txt']);
    expect(entries.filter((e) => e.kind === 'skipped')).toEqual(
      ['dangling', 'link-dir', 'link-file', 'link-out'].map((path) => ({ kind: 'skipped', path, size: 0, reason: 'symlink' })),
    );
  });

  it('are followed with followSymlinks, outside the target too; dangling and already-walked ones are skipped', async () => {
    const entries = await collect(root, { followSymlinks: true });
    expect(paths(entries, 'blob')).toEqual(['a/x.txt', 'link-file', 'link-out/o.txt', 'top.txt']);
    expect(paths(entries, 'skipped')).toEqual(['dangling', 'link-dir']);
    expect(issues(entries)).toEqual([]);
  });
});

describe('symlink loops with followSymlinks', () => {
  it('reports each loop as FS_SYMLINK_LOOP naming the link, and reads everything else', async () => {
    const root = makeTree('loops', { 'keep.txt': 'k', 'sub/inner.txt': 'i' });
    symlinkSync('..', join(root, 'sub/back'));
    symlinkSync('.', join(root, 'self'));
    symlinkSync('ring2', join(root, 'ring1'));
    symlinkSync('ring1', join(root, 'ring2'));
    const entries = await collect(root, { followSymlinks: true });
    expect(paths(entries, 'blob')).toEqual(['keep.txt', 'sub/inner.txt']);
    expect(issues(entries).map((i) => [i.code, i.path])).toEqual([
      ['FS_SYMLINK_LOOP', 'ring1'],
      ['FS_SYMLINK_LOOP', 'ring2'],
      ['FS_SYMLINK_LOOP', 'self'],
      ['FS_SYMLINK_LOOP', 'sub/back'],
    ]);
    for (const i of issues(entries)) expect(i.message).toContain(i.path as string);
  });
});

describe('special files', () => {
  let root: string;
  beforeAll(async () => {
    root = makeTree('special', { 'plain.txt': 'p' });
    execFileSync('mkfifo', [join(root, 'pipe')]);
    symlinkSync('pipe', join(root, 'to-pipe'));
    const server = createServer();
    servers.push(server);
    await new Promise<void>((done) => server.listen(join(root, 'sock'), done));
  });

  it('never opens a FIFO or socket: both are skipped as special', async () => {
    const entries = await collect(root);
    expect(paths(entries, 'blob')).toEqual(['plain.txt']);
    expect(entries).toContainEqual({ kind: 'skipped', path: 'pipe', size: 0, reason: 'special' });
    expect(entries).toContainEqual({ kind: 'skipped', path: 'sock', size: 0, reason: 'special' });
  });

  it('skips a FIFO reached through a followed symlink, and a FIFO named as the target', async () => {
    const entries = await collect(root, { followSymlinks: true });
    expect(entries).toContainEqual({ kind: 'skipped', path: 'to-pipe', size: 0, reason: 'special' });
    expect(await collect(join(root, 'pipe'))).toEqual([{ kind: 'skipped', path: 'pipe', size: 0, reason: 'special' }]);
  });
});

// Root reads through mode 000 (CAP_DAC_OVERRIDE). Dropping the effective uid for the walk makes
// the kernel check permissions as for any user; the real uid stays 0, so it can be taken back.
async function withoutPrivilege<T>(run: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0) return run();
  process.seteuid?.(65534);
  try {
    return await run();
  } finally {
    process.seteuid?.(0);
  }
}

describe('unreadable entries', () => {
  it('reports an unreadable file and directory as FS_UNREADABLE with the OS error, and goes on', async () => {
    const root = makeTree('locked', { 'ok.txt': 'ok', 'secret.txt': 's', 'closed/inside.txt': 'i', 'z/last.txt': 'l' });
    chmodSync(join(root, 'secret.txt'), 0);
    chmodSync(join(root, 'closed'), 0);
    const entries = await withoutPrivilege(() => collect(root));
    chmodSync(join(root, 'closed'), 0o755);
    expect(paths(entries, 'blob')).toEqual(['ok.txt', 'z/last.txt']);
    const found = issues(entries);
    expect(found.map((i) => [i.code, i.path])).toEqual([
      ['FS_UNREADABLE', 'secret.txt'],
      ['FS_UNREADABLE', 'closed'],
    ]);
    for (const i of found) expect(i.message).toMatch(/EACCES/);
  });
});
