// Object stores shaped to cost memory: sizes are taken from entry, delta and loose headers, so
// an object over its limit is never materialised. Each case runs the real CLI as a child and
// reads its peak resident size; the bound is generous for Node and one worker, and far below
// what materialising the object would take.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { addLooseFile, addPack, buildIndex, buildPack, deflateZeros, looseZeroBomb, repeatingDelta } from '../support/hostile-git.js';
import { runCliMeasured } from '../support/max-rss.js';

const SECRET = 'xoxb-7460192835-2918374650123-PbHw5NcXq9TzLm3KrVe8YuAs';
// The README's bound for one thread: Node (about 100 MiB), the thread's 32 MiB window and 96 MiB
// delta-base cache, and twice --max-blob-size (1 MiB here).
const BOUND_MIB = 256;
const FOUR_GIB = 4_294_688_769;
const BIG = 512 << 20;

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function repoWithSecret(): Promise<{ dir: string; gitDir: string }> {
  repo = await makeRepo();
  await repo.commit({ 'app.env': `SLACK=${SECRET}\n` }, 'a real secret beside the hostile objects');
  return { dir: repo.dir, gitDir: join(repo.dir, '.git') };
}

const scan = (dir: string) => runCliMeasured(['scan', dir, '--max-blob-size', '1MB', '--threads', '1', '-f', 'json', '--no-progress']);

// A 64 KiB base and a delta that copies it into a 4 GiB blob: about 500 bytes of pack.
function deltaBomb() {
  const base = Buffer.alloc(0x10000, 'a');
  return buildPack([
    { type: 'blob', data: base },
    { type: 'ofsDelta', base: 0, delta: repeatingDelta(base.length, FOUR_GIB) },
  ]);
}

describe('hostile object stores cost bounded memory', () => {
  it('a delta claiming a 4 GiB blob is skipped from its header, as over --max-blob-size', async () => {
    const { dir, gitDir } = await repoWithSecret();
    const pack = deltaBomb();
    expect(pack.bytes.length).toBeLessThan(1024);
    addPack(gitDir, pack, buildIndex(pack, ['aa'.repeat(20), 'bb'.repeat(20)]));
    const run = await scan(dir);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('app.env');
    expect(run.stderr).toMatch(/1 too large and skipped/);
    expect(run.maxRssMiB).toBeLessThan(BOUND_MIB);
  });

  it('the same delta in a pack with no index (a bundle, an interrupted fetch) is named as unreadable: exit 3', async () => {
    const { dir, gitDir } = await repoWithSecret();
    const path = addPack(gitDir, deltaBomb(), null);
    const run = await scan(dir);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain(path);
    expect(run.stderr).toMatch(/over the \d+-byte limit/);
    expect(run.stdout).toContain('app.env');
    expect(run.maxRssMiB).toBeLessThan(BOUND_MIB);
  });

  it('a loose zlib bomb (512 MiB of zeros in about 2 MB) is skipped from its header', async () => {
    const { dir, gitDir } = await repoWithSecret();
    const bomb = await looseZeroBomb(BIG);
    expect(bomb.length).toBeLessThan(4 << 20);
    addLooseFile(gitDir, 'cc'.repeat(20), bomb);
    const run = await scan(dir);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/1 too large and skipped/);
    expect(run.maxRssMiB).toBeLessThan(BOUND_MIB);
  });

  it('a 512 MiB blob in a pack with no index is hashed as it inflates, never held, and skipped', async () => {
    const { dir, gitDir } = await repoWithSecret();
    const pack = buildPack([
      { type: 'blob', data: Buffer.alloc(0), claimedSize: BIG, deflated: await deflateZeros(BIG) },
      { type: 'blob', data: Buffer.from(`after the big one: ${SECRET}\n`) },
    ]);
    addPack(gitDir, pack, null);
    const run = await scan(dir);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/1 too large and skipped/);
    expect(run.maxRssMiB).toBeLessThan(BOUND_MIB);
  });

  it('a pack entry whose header lies about its size ends the pack with a named issue, exit 3', async () => {
    const { dir, gitDir } = await repoWithSecret();
    const path = addPack(gitDir, buildPack([{ type: 'blob', data: Buffer.from('short\n'), claimedSize: FOUR_GIB }]), null);
    const run = await scan(dir);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain(path);
    expect(run.maxRssMiB).toBeLessThan(BOUND_MIB);
  });
});
