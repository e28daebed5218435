// --state, the nightly sweep: a second run scans only blobs the first run's tips do not reach,
// still reports the first run's findings while their commits are in history, and stops reporting
// one once history no longer holds it. A repository served over HTTP by git http-backend.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { fixtureEnv, type GitFixture, makeRepo } from '../support/git-fixture.js';
import { type GitHttpServer, startGitHttpServer } from '../support/git-http-server.js';
import { runCli } from '../support/run-cli.js';

const FIRST = 'xoxb-2374618290-4938271650123-IzId6By2ZJ0CxkKdwsA6T6go';
const SECOND = 'xoxb-8317460152-1093847561234-wzl4YcgUtwJM811zpsisMrBN';

let work: GitFixture;
let root: string;
let server: GitHttpServer;
let dir: string;

const push = (...args: string[]) =>
  execFileSync('git', ['push', '-q', join(root, 'app'), ...args], { cwd: work.dir, env: fixtureEnv(work.root) });

beforeAll(async () => {
  work = await makeRepo();
  root = mkdtempSync(join(tmpdir(), 'credsweep-state-'));
  dir = mkdtempSync(join(tmpdir(), 'credsweep-state-out-'));
  execFileSync('git', ['-c', 'init.defaultBranch=main', 'init', '-q', '--bare', join(root, 'app')], { env: fixtureEnv(work.root) });
  for (let i = 0; i < 20; i++) await work.commit({ [`src/file-${i}.txt`]: `plain text ${i}\n` }, `filler ${i}`);
  await work.commit({ 'first.env': `SLACK=${FIRST}\n` }, 'first secret');
  push('main');
  server = await startGitHttpServer(root, () => true);
});

afterAll(async () => {
  await server.close();
  await work.cleanup();
  rmSync(root, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

async function sweep(): Promise<{ secrets: string[]; blobs: number; code: number | null }> {
  const state = join(dir, 'state.json');
  const run = await runCli(['scan', `${server.url}/v1/repos/app`, '--state', state, '-f', 'json', '--show-secrets', '--no-progress'], {
    env: { ...process.env, CREDSWEEP_GIT_TOKEN: 'x' },
  });
  if (run.code === 2 || run.code === 3) throw new Error(run.stderr);
  const blobs = Number(/in ([\d,]+) blobs/.exec(run.stderr)?.[1]?.replace(/,/g, '') ?? 'NaN');
  return { secrets: (JSON.parse(run.stdout) as Finding[]).map((f) => f.secret).sort(), blobs, code: run.code };
}

describe('scan --state (nightly sweep)', () => {
  it('scans only what is new, still reports open findings, and drops what history no longer holds', async () => {
    const first = await sweep();
    expect(first.secrets).toEqual([FIRST]);
    expect(first.blobs).toBeGreaterThan(20);
    expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600);

    await work.commit({ 'second.env': `SLACK=${SECOND}\n` }, 'second secret');
    push('main');
    const second = await sweep();
    expect(second.secrets).toEqual([FIRST, SECOND].sort());
    expect(second.blobs).toBe(1); // only second.env is new

    const nothingNew = await sweep();
    expect(nothingNew).toMatchObject({ secrets: [FIRST, SECOND].sort(), blobs: 0 });

    // History rewritten without the first secret: it is resolved and no longer reported.
    execFileSync('git', ['filter-branch', '-f', '--index-filter', 'git rm -q --cached --ignore-unmatch first.env', 'HEAD'], {
      cwd: work.dir,
      env: { ...fixtureEnv(work.root), FILTER_BRANCH_SQUELCH_WARNING: '1' },
      stdio: 'ignore',
    });
    push('--force', 'main');
    const rewritten = await sweep();
    expect(rewritten.secrets).toEqual([SECOND]);
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { repositories: Record<string, { findings: unknown[] }> };
    expect(Object.values(state.repositories)[0]?.findings).toHaveLength(1);
  });
});
