// Output files are written so that nothing else is touched: a symlink planted where an output is
// expected is replaced, never followed (its target keeps its content and mode), a FIFO nobody
// reads is an error rather than a hang, and the write is atomic (no temporary file left beside it).
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSafely } from '../../src/config/private-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'credsweep-out-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileSafely', () => {
  it('replaces a planted symlink instead of writing or chmod-ing what it points at', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    chmodSync(victim, 0o644);
    const out = join(dir, 'findings.json');
    symlinkSync(victim, out);
    await writeFileSafely(out, 'report\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(statSync(victim).mode & 0o777).toBe(0o644);
    expect(lstatSync(out).isSymbolicLink()).toBe(false);
    expect(readFileSync(out, 'utf8')).toBe('report\n');
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('rewrites an existing file whole and leaves no temporary file', async () => {
    const out = join(dir, 'out.json');
    writeFileSync(out, 'x'.repeat(10_000));
    await writeFileSafely(out, 'short\n');
    expect(readFileSync(out, 'utf8')).toBe('short\n');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('a failed write leaves the old file whole and no temporary file', async () => {
    const out = join(dir, 'sub', 'out.json');
    await expect(writeFileSafely(out, 'x')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes through /dev/null, and refuses a FIFO nobody reads instead of hanging', async () => {
    await writeFileSafely('/dev/null', 'gone\n');
    const fifo = join(dir, 'findings.json');
    execFileSync('mkfifo', [fifo]);
    await expect(writeFileSafely(fifo, 'report\n')).rejects.toThrow(/ENXIO/);
  });
});
