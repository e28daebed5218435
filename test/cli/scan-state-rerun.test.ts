// --state on a local repository with a few new commits: the rerun reads only the objects those
// commits brought (the coverage manifest counts them), finds a secret they added, keeps the
// earlier findings, and reports exactly what a full scan reports. A branch moved back re-judges
// the findings against the whole history.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const FIRST = 'xoxb-6150394827-3719264058137-Hq2Tn8VxL4bRm9Kc7Wd3Ys5P';
const SECOND = 'xoxb-2958130476-8401736295640-Bv6Yq3NwK8dTz2Lm5Xc9Rf4J';

let repo: GitFixture;
let out: string;

beforeAll(async () => {
  repo = await makeRepo();
  out = mkdtempSync(join(tmpdir(), 'credsweep-rerun-'));
  for (let i = 0; i < 30; i++) await repo.commit({ [`src/part-${i % 7}/f${i}.txt`]: `plain text ${i}\n` }, `filler ${i}`);
  await repo.commit({ 'first.env': `SLACK=${FIRST}\n` }, 'first secret');
});

afterAll(async () => {
  await repo.cleanup();
  rmSync(out, { recursive: true, force: true });
});

async function scan(withState: boolean): Promise<{ findings: Finding[]; objects: number; status: string }> {
  const manifest = join(out, 'coverage.json');
  const state = withState ? ['--state', join(out, 'state.json')] : [];
  const run = await runCli(['scan', repo.dir, ...state, '--manifest', manifest, '-f', 'json', '--show-secrets', '--no-progress']);
  if (run.code === 2 || run.code === 3) throw new Error(run.stderr);
  const target = (JSON.parse(readFileSync(manifest, 'utf8')) as { targets: { status: string; objects?: number }[] }).targets[0];
  return { findings: JSON.parse(run.stdout) as Finding[], objects: target?.objects ?? -1, status: target?.status ?? '' };
}

const secrets = (findings: Finding[]) => findings.map((f) => f.secret).sort();

describe('scan --state with a few new commits', () => {
  it('reads only what they brought, finds their secret, keeps the old findings and matches a full scan', async () => {
    const first = await scan(true);
    expect(secrets(first.findings)).toEqual([FIRST]);
    expect(first.objects).toBeGreaterThan(100);

    // Three commits: a plain file, a new secret, and the old secret's file renamed (an old blob
    // at a new path, which a full scan lists as a second place of the first secret).
    await repo.commit({ 'notes/a.txt': 'hello\n' }, 'notes');
    const secondCommit = await repo.commit({ 'cfg/second.env': `SLACK=${SECOND}\n` }, 'second secret');
    await repo.commit({ 'first.env': null, 'moved.env': `SLACK=${FIRST}\n` }, 'rename');
    const rerun = await scan(true);
    expect(rerun.status).toBe('scanned');
    // notes: commit, root tree, notes/, blob; second: commit, root tree, cfg/, blob; rename: commit, root tree, blob.
    expect(rerun.objects).toBe(11);
    expect(secrets(rerun.findings)).toEqual([FIRST, SECOND].sort());
    expect(rerun.findings.find((f) => f.secret === SECOND)?.commit).toBe(secondCommit);
    expect(
      rerun.findings
        .find((f) => f.secret === FIRST)
        ?.occurrences.map((o) => o.file)
        .sort(),
    ).toEqual(['first.env', 'moved.env']);

    const full = await scan(false);
    expect(JSON.stringify(rerun.findings)).toBe(JSON.stringify(full.findings));

    const nothingNew = await scan(true);
    expect(nothingNew).toMatchObject({ status: 'unchanged', objects: 0 });
    expect(JSON.stringify(nothingNew.findings)).toBe(JSON.stringify(full.findings));

    // The branch moved back past the second secret: its commit is no longer in history, so that
    // finding is resolved; the first secret's original commit still is.
    await repo.git('reset', '-q', '--hard', 'HEAD~2');
    const back = await scan(true);
    expect(back.objects).toBe(0);
    expect(secrets(back.findings)).toEqual([FIRST]);
  });
});
