// `credsweep merge`: the reports and manifests of a sweep's shards become one of each.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

// Made-up tokens.
const SHARED = 'xoxb-7310442960-8731044296087-Qw3rTy7UiOp9AsDfGhJkL2zx';
const ONLY_B = 'xoxb-1522118394-0675221183940-Mn8bVc4XzL1kJh6GfD2sA9pq';

let dir: string;
const repos: GitFixture[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credsweep-merge-'));
  const a = await makeRepo();
  await a.commit({ 'a.env': `SLACK=${SHARED}\n` }, 'a');
  const b = await makeRepo();
  await b.commit({ 'b.env': `SLACK=${SHARED}\nOTHER=${ONLY_B}\n` }, 'b');
  repos.push(a, b);
  for (const [i, repo] of repos.entries()) {
    const run = await runCli([
      'scan',
      repo.dir,
      '-f',
      'json',
      '--show-secrets',
      '-o',
      join(dir, `findings-${i}.json`),
      '--manifest',
      join(dir, `manifest-${i}.json`),
      '-q',
    ]);
    expect(run.code, run.stderr).toBe(1);
  }
});

afterAll(async () => {
  for (const r of repos) await r.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('credsweep merge', () => {
  it('merges reports (one finding per secret, occurrences of every shard) and manifests', async () => {
    const out = join(dir, 'merged.json');
    const manifest = join(dir, 'merged-manifest.json');
    const files = ['findings-0.json', 'findings-1.json', 'manifest-0.json', 'manifest-1.json'].map((f) => join(dir, f));
    const run = await runCli(['merge', ...files, '-o', out, '--manifest', manifest, '--show-secrets']);
    expect(run.code, run.stderr).toBe(1);
    const findings = JSON.parse(readFileSync(out, 'utf8')) as Finding[];
    expect(findings.map((f) => f.secret).sort()).toEqual([SHARED, ONLY_B].sort());
    const shared = findings.find((f) => f.secret === SHARED);
    expect(shared?.occurrences.map((o) => o.target).sort()).toEqual(repos.map((r) => r.dir).sort());
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const merged = JSON.parse(readFileSync(manifest, 'utf8')) as { shard: null; targets: Array<{ target: string; status: string }> };
    expect(merged.targets.map((t) => t.status)).toEqual(['scanned', 'scanned']);
  });

  it("keeps the owning shard's entry, and exits 3 when a shard's output is missing", async () => {
    const shard = (index: number, mine: string, theirs: string[]) => ({
      version: 1,
      createdAt: `2026-11-2${index}T00:00:00.000Z`,
      shard: { index, count: 3 },
      targets: [
        { target: mine, source: 'codecommit', status: 'scanned', objects: 10, issues: [] },
        ...theirs.map((t) => ({ target: t, source: null, status: 'other-shard', issues: [] })),
      ],
      otherIssues: [],
    });
    writeFileSync(
      join(dir, 's1.json'),
      JSON.stringify(shard(1, 'codecommit://eu-west-1/a', ['codecommit://eu-west-1/b', 'codecommit://eu-west-1/c'])),
    );
    writeFileSync(
      join(dir, 's2.json'),
      JSON.stringify(shard(2, 'codecommit://eu-west-1/b', ['codecommit://eu-west-1/a', 'codecommit://eu-west-1/c'])),
    );
    const manifest = join(dir, 'm.json');
    const run = await runCli(['merge', join(dir, 's1.json'), join(dir, 's2.json'), '--manifest', manifest]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/SHARD_MISSING codecommit:\/\/eu-west-1\/c: every shard left it to another/);
    const merged = JSON.parse(readFileSync(manifest, 'utf8')) as { targets: Array<{ target: string; status: string }> };
    expect(merged.targets.map((t) => [t.target, t.status])).toEqual([
      ['codecommit://eu-west-1/a', 'scanned'],
      ['codecommit://eu-west-1/b', 'scanned'],
      ['codecommit://eu-west-1/c', 'other-shard'],
    ]);
  });

  it('names an input that is neither a report nor a manifest', async () => {
    writeFileSync(join(dir, 'junk.json'), '{"hello": 1}');
    const run = await runCli(['merge', join(dir, 'junk.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/junk\.json is neither a credsweep JSON report/);
  });
});
