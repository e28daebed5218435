// --state on a local repository that has not changed since the last run: the run reads nothing
// (the objects and the tips are the same) and still reports the open findings; a new commit or
// a new unreachable object makes it read again.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const FIRST = 'xoxb-5902746183-2846195730456-Qm7rVb2LxN9pKd4TyWc8Hs1F';
const SECOND = 'xoxb-7261849305-6620571948312-Zp3WnX8qLr5VbT2mKc9Yd4Gh';

let repo: GitFixture;
let out: string;

beforeAll(async () => {
  repo = await makeRepo();
  out = mkdtempSync(join(tmpdir(), 'credsweep-unchanged-'));
  for (let i = 0; i < 5; i++) await repo.commit({ [`src/f${i}.txt`]: `plain ${i}\n` }, `filler ${i}`);
  await repo.commit({ 'app.env': `SLACK=${FIRST}\n` }, 'secret');
});

afterAll(async () => {
  await repo.cleanup();
  rmSync(out, { recursive: true, force: true });
});

async function sweep(): Promise<{ secrets: string[]; blobs: number; status: string }> {
  const state = join(out, 'state.json');
  const manifest = join(out, 'coverage.json');
  const run = await runCli(['scan', repo.dir, '--state', state, '--manifest', manifest, '-f', 'json', '--show-secrets', '--no-progress']);
  if (run.code === 2 || run.code === 3) throw new Error(run.stderr);
  const blobs = Number(/in ([\d,]+) (?:unique )?blobs/.exec(run.stderr)?.[1]?.replace(/,/g, '') ?? 'NaN');
  const coverage = JSON.parse(readFileSync(manifest, 'utf8')) as { targets: { status: string }[] };
  return {
    secrets: (JSON.parse(run.stdout) as Finding[]).map((f) => f.secret).sort(),
    blobs,
    status: coverage.targets.map((t) => t.status).join(','),
  };
}

function stateEntry(): { refsKey?: string } {
  const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')) as { repositories: Record<string, { refsKey?: string }> };
  return Object.values(state.repositories)[0] ?? {};
}

describe('scan --state on an unchanged repository', () => {
  it('reads nothing again, reports the open findings, and reads what is new once there is some', async () => {
    const first = await sweep();
    expect(first).toMatchObject({ secrets: [FIRST], status: 'scanned' });
    expect(first.blobs).toBeGreaterThan(5);

    const again = await sweep();
    expect(again).toEqual({ secrets: [FIRST], blobs: 0, status: 'unchanged' });
    // The state keeps a digest of the ref files, so the next rerun need not peel every ref again.
    expect(stateEntry().refsKey).toMatch(/^[0-9a-f]{64}$/);

    // A branch set to a commit the repository already has: the same objects, other ref files.
    const older = (await repo.git('rev-list', '--max-count=1', 'HEAD~2')).trim();
    await repo.git('branch', 'old-line', older);
    const moved = await sweep();
    expect(moved.status).toBe('scanned');
    expect(moved.secrets).toEqual([FIRST]);
    expect(await sweep()).toEqual({ secrets: [FIRST], blobs: 0, status: 'unchanged' });

    // An object no ref reaches changes the object set, not the tips: it is read too.
    writeFileSync(join(out, 'loose.txt'), 'never committed\n');
    await repo.git('hash-object', '-w', join(out, 'loose.txt'));
    const dangling = await sweep();
    expect(dangling.status).toBe('scanned');

    // A ref file that cannot be read is reported on every run, though the others are unchanged.
    const packed = join(repo.dir, '.git', 'packed-refs');
    await repo.git('pack-refs', '--all');
    await sweep();
    expect((await sweep()).status).toBe('unchanged');
    writeFileSync(packed, `${readFileSync(packed, 'utf8')}not a ref line\n`);
    for (let run = 0; run < 2; run++) {
      const damaged = await runCli(['scan', repo.dir, '--state', join(out, 'state.json'), '-f', 'json', '--no-progress']);
      expect(damaged.code).toBe(3);
      expect(damaged.stderr).toContain('GIT_BAD_REF');
    }
    writeFileSync(packed, readFileSync(packed, 'utf8').replace('not a ref line\n', ''));

    // A ref to an object the repository lacks: reported, and nothing is kept from that run (the
    // entry of the last complete run stands, its digest of other ref files).
    const lastComplete = stateEntry().refsKey;
    const broken = join(repo.dir, '.git', 'refs', 'heads', 'broken');
    writeFileSync(broken, `${'d'.repeat(40)}\n`);
    const missing = await runCli(['scan', repo.dir, '--state', join(out, 'state.json'), '-f', 'json', '--no-progress']);
    expect(missing.code).toBe(3);
    expect(stateEntry().refsKey).toBe(lastComplete);
    const stillMissing = await runCli(['scan', repo.dir, '--state', join(out, 'state.json'), '-f', 'json', '--no-progress']);
    expect(stillMissing.code).toBe(3);
    rmSync(broken);

    await repo.commit({ 'more.env': `SLACK=${SECOND}\n` }, 'second secret');
    const later = await sweep();
    expect(later.secrets).toEqual([FIRST, SECOND]);
    expect(later.status).toBe('scanned');
    expect(later.blobs).toBeLessThan(first.blobs);
  });
});
