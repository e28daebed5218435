// The filesystem walk on real trees built in a temp dir: what is read, what is skipped and why.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobId } from '../../src/sources/blob-id.js';
import { type FsEntry, type WalkOptions, walkFiles } from '../../src/sources/files/fs-source.js';

let base: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'cs-fs-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Creates `files` (relative path → content) under a fresh directory and returns it. */
function makeTree(name: string, files: Record<string, string>): string {
  const root = join(base, name);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

async function collect(target: string, options: Partial<WalkOptions> = {}): Promise<FsEntry[]> {
  const out: FsEntry[] = [];
  for await (const entry of walkFiles(target, { maxBlobSize: 1 << 20, ...options })) out.push(entry);
  return out;
}

function blobsByPath(entries: FsEntry[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) if (e.kind === 'blob') out[e.blob.origin.path as string] = Buffer.from(e.blob.data).toString();
  return out;
}

describe('walkFiles on a directory', () => {
  it('reads every file of nested directories with /-separated relative paths', async () => {
    const root = makeTree('nested', { 'top.txt': 'top', 'a/one.txt': '1', 'a/b/c/deep.env': 'deep', 'z/empty': '' });
    const entries = await collect(root);
    expect(blobsByPath(entries)).toEqual({ 'top.txt': 'top', 'a/one.txt': '1', 'a/b/c/deep.env': 'deep', 'z/empty': '' });
    expect(entries.every((e) => e.kind === 'blob')).toBe(true);
  });

  it('names blobs with their git ids and the target as given', async () => {
    const root = makeTree('ids', { 'f.txt': 'hello\n' });
    const [entry] = await collect(root);
    expect(entry).toMatchObject({
      kind: 'blob',
      blob: { id: blobId(Buffer.from('hello\n')), origin: { source: 'fs', target: root, path: 'f.txt' } },
    });
    const gitId = execFileSync('git', ['hash-object', join(root, 'f.txt')])
      .toString()
      .trim();
    expect(entry?.kind === 'blob' && entry.blob.id).toBe(gitId);
  });

  it('skips .git directories and the .git file of worktrees, at any depth', async () => {
    const root = makeTree('dotgit', {
      'src.txt': 'x',
      '.git/config': '[core]',
      '.git/objects/ab/cdef': 'obj',
      'wt/.git': 'gitdir: ../.git/worktrees/wt',
      'wt/code.js': 'y',
      '.github/ci.yml': 'kept',
      '.gitignore': 'kept too',
    });
    expect(Object.keys(blobsByPath(await collect(root))).sort()).toEqual(['.github/ci.yml', '.gitignore', 'src.txt', 'wt/code.js']);
  });

  it('leaves out what skip() names, pruning whole directories', async () => {
    const root = makeTree('skip', {
      'keep.txt': 'k',
      'vendor/a.js': 'a',
      'vendor/deep/b.js': 'b',
      'src/fixture.txt': 'f',
      'src/main.ts': 'm',
    });
    const seen: string[] = [];
    const skip = (rel: string) => {
      seen.push(rel);
      return rel === 'vendor' || rel.endsWith('fixture.txt');
    };
    expect(Object.keys(blobsByPath(await collect(root, { skip }))).sort()).toEqual(['keep.txt', 'src/main.ts']);
    expect(seen).not.toContain('vendor/a.js');
  });

  it('reports files over maxBlobSize as skipped too-large and reads files of exactly the limit', async () => {
    const root = makeTree('large', { 'big.bin': 'x'.repeat(11), 'fits.bin': 'y'.repeat(10) });
    const entries = await collect(root, { maxBlobSize: 10 });
    expect(entries).toContainEqual({ kind: 'skipped', path: 'big.bin', size: 11, reason: 'too-large' });
    expect(blobsByPath(entries)).toEqual({ 'fits.bin': 'y'.repeat(10) });
  });

  it('reads many files with reads in flight and the same order on every run', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) files[`d${i % 7}/f${i}.txt`] = `content ${i}\n`.repeat(i + 1);
    const root = makeTree('many', files);
    const first = await collect(root);
    const second = await collect(root);
    expect(blobsByPath(first)).toEqual(files);
    expect(first.map((e) => e.kind === 'blob' && e.blob.origin.path)).toEqual(second.map((e) => e.kind === 'blob' && e.blob.origin.path));
  });

  it('gives each blob an ArrayBuffer of its own, so it can be transferred without copying', async () => {
    const root = makeTree('own', { 'a.txt': 'aaa', 'b.txt': 'bbbb' });
    for (const e of await collect(root)) {
      expect(e.kind === 'blob' && e.blob.data.byteLength === e.blob.data.buffer.byteLength).toBe(true);
    }
  });
});

describe('walkFiles on a single file', () => {
  it('reads it under its basename', async () => {
    const root = makeTree('single', { 'dir/creds.env': 'KEY=1\n' });
    const entries = await collect(join(root, 'dir/creds.env'));
    expect(entries).toHaveLength(1);
    expect(blobsByPath(entries)).toEqual({ 'creds.env': 'KEY=1\n' });
  });

  it('follows a target that is itself a symlink, since the user named it', async () => {
    const root = makeTree('single-link', { 'real.txt': 'real' });
    symlinkSync(join(root, 'real.txt'), join(root, 'named.txt'));
    expect(blobsByPath(await collect(join(root, 'named.txt')))).toEqual({ 'named.txt': 'real' });
  });

  it('reports a single file over the limit as too large', async () => {
    const root = makeTree('single-big', { 'huge.log': 'z'.repeat(100) });
    expect(await collect(join(root, 'huge.log'), { maxBlobSize: 99 })).toEqual([
      { kind: 'skipped', path: 'huge.log', size: 100, reason: 'too-large' },
    ]);
  });

  it('throws SOURCE_NOT_FOUND naming a target that does not exist', async () => {
    const missing = join(base, 'no-such-thing');
    await expect(collect(missing)).rejects.toMatchObject({ name: 'SourceError', code: 'SOURCE_NOT_FOUND', data: { target: missing } });
    await expect(collect(missing)).rejects.toThrow(missing);
  });
});
