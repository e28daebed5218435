// Git bundle files scanned as history: every ref's commits, the commit and author of each finding,
// and a range bundle (with prerequisites) reported as incomplete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Finding } from '../../src/types.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const ON_MAIN = 'xoxb-2374618290-4938271650123-IzId6By2ZJ0CxkKdwsA6T6go';
const ON_BRANCH = 'xoxb-8317460152-1093847561234-wzl4YcgUtwJM811zpsisMrBN';
let repo: GitFixture;
let base: string;

beforeAll(async () => {
  repo = await makeRepo();
  base = await repo.commit({ 'app.env': `SLACK=${ON_MAIN}\n` }, 'main secret', { author: 'Alice Ops' });
  await repo.commit({ 'app.env': 'SLACK=\n' }, 'removed');
  await repo.git('checkout', '-q', '-b', 'feature');
  await repo.commit({ 'feature.env': `SLACK=${ON_BRANCH}\n` }, 'branch secret');
  await repo.git('checkout', '-q', 'main');
  await repo.git('bundle', 'create', '-q', join(repo.root, 'all.bundle'), '--all');
  await repo.git('bundle', 'create', '-q', join(repo.root, 'range.bundle'), `${base}..feature`);
});
afterAll(() => repo.cleanup());

async function scan(file: string) {
  const run = await runCli(['scan', join(repo.root, file), '-f', 'json', '--show-secrets', '--no-progress']);
  return { code: run.code, stderr: run.stderr, findings: JSON.parse(run.stdout) as Finding[] };
}

describe('scan of a git bundle', () => {
  it('reads the whole history of every ref in it', async () => {
    const { code, findings } = await scan('all.bundle');
    expect(code).toBe(1);
    expect(findings.map((f) => f.secret).sort()).toEqual([ON_BRANCH, ON_MAIN].sort());
    expect(findings.find((f) => f.secret === ON_MAIN)).toMatchObject({ commit: base, author: 'Alice Ops', file: 'app.env', source: 'git' });
  });

  it('says a range bundle is incomplete (its prerequisites are not in it)', async () => {
    const { code, findings, stderr } = await scan('range.bundle');
    expect(code).toBe(3);
    expect(stderr).toMatch(/GIT_BUNDLE_PREREQUISITES/);
    expect(findings.map((f) => f.secret)).toContain(ON_BRANCH);
  });
});
