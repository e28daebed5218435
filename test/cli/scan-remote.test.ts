// Repositories named by URL, end to end: the built CLI fetches from `git http-backend` behind a
// local server that demands Basic auth, and scans every branch and tag of the history.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { fixtureEnv, type GitFixture, makeRepo } from '../support/git-fixture.js';
import { type GitHttpServer, startGitHttpServer } from '../support/git-http-server.js';
import { runCli } from '../support/run-cli.js';

const TOKEN = 'test-token-7Xq2mLz9';
const ON_MAIN = 'xoxb-2374618290-4938271650123-IzId6By2ZJ0CxkKdwsA6T6go';
const ON_BRANCH = 'xoxb-8317460152-1093847561234-wzl4YcgUtwJM811zpsisMrBN';

let work: GitFixture;
let root: string;
let server: GitHttpServer;

beforeAll(async () => {
  work = await makeRepo();
  await work.commit({ 'app.env': `SLACK=${ON_MAIN}\n` }, 'main secret', { author: 'Alice Ops' });
  await work.commit({ 'app.env': 'SLACK=\n' }, 'removed');
  await work.git('checkout', '-q', '-b', 'feature');
  await work.commit({ 'feature.env': `SLACK=${ON_BRANCH}\n` }, 'branch secret');
  await work.git('checkout', '-q', 'main');
  await work.git('tag', 'v1.0');
  root = mkdtempSync(join(tmpdir(), 'credsweep-served-'));
  execFileSync('git', ['clone', '-q', '--bare', work.dir, join(root, 'shop')], { env: fixtureEnv(work.root) });
  server = await startGitHttpServer(root, (_user, password) => password === TOKEN);
});

afterAll(async () => {
  await server.close();
  await work.cleanup();
  rmSync(root, { recursive: true, force: true });
});

const url = () => `${server.url}/v1/repos/shop`;

describe('scan of a git URL', () => {
  it('fetches every branch with the token and scans the whole history, naming the URL', async () => {
    const run = await runCli(['scan', url(), '-f', 'json', '--show-secrets', '--no-progress'], {
      env: { ...process.env, CREDSWEEP_GIT_TOKEN: TOKEN },
    });
    expect(run.code, run.stderr).toBe(1);
    const findings = JSON.parse(run.stdout) as Finding[];
    expect(findings.map((f) => f.secret).sort()).toEqual([ON_BRANCH, ON_MAIN].sort());
    const main = findings.find((f) => f.secret === ON_MAIN);
    expect(main).toMatchObject({ source: 'url', target: url(), file: 'app.env', author: 'Alice Ops', atHead: false });
    expect(server.requests.some((r) => r.authorized)).toBe(true);
  });

  it('is fetched once by a sweep, whether bin/ starts it again with the arena limit or not', async () => {
    // With --state bin/ runs the command itself and starts it again with MALLOC_ARENA_MAX before
    // the fetch; with the user's own setting it runs it once, here. The server sees the same.
    const env = { ...process.env, CREDSWEEP_GIT_TOKEN: TOKEN };
    const states = mkdtempSync(join(tmpdir(), 'credsweep-remote-state-'));
    const requestsOf = async (extra: NodeJS.ProcessEnv) => {
      const before = server.requests.length;
      const state = join(states, `${server.requests.length}.json`);
      const run = await runCli(['scan', url(), '-f', 'json', '--no-progress', '--state', state], { env: { ...env, ...extra } });
      expect(run.code, run.stderr).toBe(1);
      return server.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    };
    const startedAgain = await requestsOf({});
    const inProcess = await requestsOf({ MALLOC_ARENA_MAX: '2' });
    rmSync(states, { recursive: true, force: true });
    expect(startedAgain.length).toBeGreaterThan(0);
    expect(startedAgain).toEqual(inProcess);
  });

  it('takes credentials written in the URL and never prints them', async () => {
    const withCreds = url().replace('http://', `http://ci:${TOKEN}@`);
    const run = await runCli(['scan', withCreds, '--no-progress', '--no-color']);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('reports a refused or missing repository as an incomplete scan, and still scans the rest', async () => {
    const local = await makeRepo();
    try {
      await local.commit({ 'x.env': `SLACK=${ON_BRANCH}\n` }, 'local');
      const run = await runCli(['scan', url(), `${server.url}/v1/repos/nope`, local.dir, '-f', 'json', '--show-secrets', '--no-progress'], {
        env: { ...process.env, CREDSWEEP_GIT_TOKEN: 'wrong' },
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/SOURCE_AUTH/);
      expect((JSON.parse(run.stdout) as Finding[]).map((f) => f.secret)).toEqual([ON_BRANCH]);
      const missing = await runCli(['scan', `${server.url}/v1/repos/nope`, '--no-progress'], {
        env: { ...process.env, CREDSWEEP_GIT_TOKEN: TOKEN },
      });
      expect(missing.code).toBe(3);
      expect(missing.stdout + missing.stderr).toMatch(/no repository at this URL \(404\)/);
    } finally {
      await local.cleanup();
    }
  });
});
