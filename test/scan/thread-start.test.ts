// The gate before a scan's threads (src/scan/thread-start.ts): told how many objects threads are
// about to read (all of them, what is new since the sweep state, or nothing for an unchanged
// repository), told before a fetch, and able to stop the run before anything is read or written.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, START_AGAIN } from '../../src/cli/main.js';
import { runScan, type ScanOptions } from '../../src/scan/run-scan.js';
import { StartAgainWithArenaLimit } from '../../src/errors.js';
import { FEW_OBJECTS, gateBeforeThreads } from '../../src/scan/thread-start.js';
import type { SweepState } from '../../src/sources/sweep-state.js';
import { makeZip } from '../support/archives.js';
import { fixtureEnv, type GitFixture, makeRepo } from '../support/git-fixture.js';
import { slackTokenScan } from '../support/scan-options.js';

// Made up for this test, in the shape of a Slack bot token.
const TOKEN = 'xoxb-3958102746-5810293847561-Wm4Tq9ZrKp2XvLc7Nb3Hd8Fy';

let repo: GitFixture;

beforeAll(async () => {
  repo = await makeRepo();
  await repo.commit({ 'a.txt': 'one\n' }, 'first');
  await repo.commit({ 'app.env': `SLACK=${TOKEN}\n` }, 'second');
});

afterAll(() => repo.cleanup());

function options(beforeThreads: (objects: number) => void, state?: SweepState, target = repo.dir): ScanOptions {
  return slackTokenScan([target], { beforeThreads, ...(state ? { state } : {}) });
}

// Passes the first history the scan meets, stops at the second.
function secondStops(): (objects: number) => void {
  let calls = 0;
  return () => {
    calls++;
    if (calls === 2) throw new StartAgainWithArenaLimit();
  };
}

async function objectCount(): Promise<number> {
  return (await repo.git('cat-file', '--batch-all-objects', '--batch-check')).split('\n').length;
}

describe('the gate before threads', () => {
  it('is told every object, then only what is new, then nothing for an unchanged repository', async () => {
    const seen: number[] = [];
    // An empty state, as --state with no file yet: the run records what it read.
    const first = await runScan(options((n) => seen.push(n), { version: 1, repositories: {} }));
    expect(first.findings.map((f) => f.secret)).toEqual([TOKEN]);
    expect(seen).toEqual([await objectCount()]);

    // One commit of one new file: the commit, its tree and the blob.
    await repo.commit({ 'b.txt': 'two\n' }, 'third');
    seen.length = 0;
    const rerun = await runScan(options((n) => seen.push(n), first.state));
    expect(seen).toEqual([3]);
    expect(rerun.findings.map((f) => f.secret)).toEqual([TOKEN]);

    seen.length = 0;
    const unchanged = await runScan(options((n) => seen.push(n), rerun.state));
    expect(seen).toEqual([]);
    expect(unchanged.coverage.targets.map((t) => t.status)).toEqual(['unchanged']);
  });

  it('stops the run where it throws: nothing read is returned', async () => {
    const stop = () => {
      throw new StartAgainWithArenaLimit();
    };
    await expect(runScan(options(stop))).rejects.toBeInstanceOf(StartAgainWithArenaLimit);
  });

  it('stops the run from a repository in a folder or a bundle in history, not an issue of that one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'credsweep-gate-'));
    try {
      for (const name of ['one', 'two']) execFileSync('git', ['clone', '-q', repo.dir, join(folder, name)], { env: fixtureEnv(repo.root) });
      await expect(runScan(options(secondStops(), undefined, folder))).rejects.toBeInstanceOf(StartAgainWithArenaLimit);

      const holder = await makeRepo();
      try {
        const bundle = join(folder, 'backup.bundle');
        await repo.git('bundle', 'create', bundle, '--all');
        await holder.commit({ 'backup.bundle': readFileSync(bundle) }, 'a backup');
        await expect(runScan(options(secondStops(), undefined, holder.dir))).rejects.toBeInstanceOf(StartAgainWithArenaLimit);
        // Without the gate the bundle's history is read as its own target.
        const read = await runScan(options(() => undefined, undefined, holder.dir));
        expect(read.findings.some((f) => f.target.includes('@'))).toBe(true);
      } finally {
        await holder.cleanup();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('stops the run from bundles committed whole or in a zip, while other jobs are still running', async () => {
    // Six bundles among 1,500 files: a run of several jobs meets one before its last job ends,
    // and the stop must wait for the end of the jobs rather than escape as an unhandled rejection.
    const holder = await makeRepo();
    const folder = mkdtempSync(join(tmpdir(), 'credsweep-gate-bundles-'));
    try {
      const files: Record<string, string | Buffer> = {};
      for (let i = 0; i < 1500; i++) files[`data/f${i}.txt`] = `row ${i}\n`;
      for (let i = 0; i < 6; i++) {
        await repo.git('tag', `gate-${i}`);
        const bundle = join(folder, `b${i}.bundle`);
        await repo.git('bundle', 'create', bundle, `gate-${i}`);
        files[`backups/b${i}.bundle`] = readFileSync(bundle);
      }
      files['backups/all.zip'] = await makeZip({ 'inner/b0.bundle': files['backups/b0.bundle'] as Buffer });
      await holder.commit(files, 'data and backups');
      await expect(runScan(options(secondStops(), undefined, holder.dir))).rejects.toBeInstanceOf(StartAgainWithArenaLimit);
      // Only a zip holds a bundle: the stop is not an unreadable archive.
      const zipOnly = await makeRepo();
      try {
        await zipOnly.commit({ 'all.zip': files['backups/all.zip'] as Buffer }, 'zip');
        await expect(runScan(options(secondStops(), undefined, zipOnly.dir))).rejects.toBeInstanceOf(StartAgainWithArenaLimit);
      } finally {
        await zipOnly.cleanup();
      }
    } finally {
      await holder.cleanup();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('lets threads start for few objects and stops them for many', () => {
    expect(() => gateBeforeThreads(FEW_OBJECTS)).not.toThrow();
    expect(() => gateBeforeThreads(FEW_OBJECTS + 1)).toThrow(StartAgainWithArenaLimit);
    expect(() => gateBeforeThreads(Number.POSITIVE_INFINITY)).toThrow(StartAgainWithArenaLimit);
  });

  it('makes main ask to be started again before a fetch, without contacting the server', async () => {
    // Port 9 (discard) on loopback: nothing listens, and nothing is asked.
    const code = await main(['node', 'credsweep', 'scan', 'http://127.0.0.1:9/repo.git', '--no-progress'], {
      startAgainBeforeThreads: true,
    });
    expect(code).toBe(START_AGAIN);
  });
});
