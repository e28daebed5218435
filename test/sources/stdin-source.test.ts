// Standard input as one blob: whole when small, counted and dropped when over the limit.
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { blobId } from '../../src/sources/blob-id.js';
import { readStdin } from '../../src/sources/stdin/stdin-source.js';

describe('readStdin', () => {
  it('reads every chunk into one blob with a stdin origin', async () => {
    const entry = await readStdin(Readable.from([Buffer.from('token: '), Buffer.from('abc\n')]), 100);
    expect(entry.kind).toBe('blob');
    if (entry.kind !== 'blob') return;
    expect(Buffer.from(entry.blob.data).toString()).toBe('token: abc\n');
    expect(entry.blob.id).toBe(blobId(Buffer.from('token: abc\n')));
    expect(entry.blob.origin).toEqual({ source: 'stdin', target: '-', path: null });
    expect(entry.blob.data.byteLength).toBe(entry.blob.data.buffer.byteLength);
  });

  it('accepts string chunks', async () => {
    const entry = await readStdin(Readable.from(['é', 'x'], { objectMode: true }), 100);
    expect(entry.kind === 'blob' && Buffer.from(entry.blob.data).toString()).toBe('éx');
  });

  it('gives an empty blob for empty input', async () => {
    const entry = await readStdin(Readable.from([]), 100);
    expect(entry.kind === 'blob' && entry.blob.id).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });

  it('keeps input of exactly the limit', async () => {
    const entry = await readStdin(Readable.from([Buffer.alloc(10, 'a')]), 10);
    expect(entry.kind).toBe('blob');
  });

  it('reads input over the limit to its end and reports it as too large with its full size', async () => {
    const chunks = Array.from({ length: 50 }, () => Buffer.alloc(1000, 'z'));
    const entry = await readStdin(Readable.from(chunks), 2500);
    expect(entry).toEqual({ kind: 'skipped', path: '-', size: 50_000, reason: 'too-large' });
  });

  it('reads a real pipe from another process', async () => {
    const child = spawn(process.execPath, ['-e', 'process.stdout.write("x".repeat(300000))'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const entry = await readStdin(child.stdout, 1_000_000);
    expect(entry.kind === 'blob' && entry.blob.data.byteLength).toBe(300_000);
  });

  it('reports a stream that fails as an issue', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('device went away'));
      },
    });
    const entry = await readStdin(broken, 100);
    expect(entry).toMatchObject({ kind: 'issue', issue: { code: 'STDIN_UNREADABLE', path: '-' } });
    expect(entry.kind === 'issue' && entry.issue.message).toContain('device went away');
  });
});
