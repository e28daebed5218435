// A sweep must not call a damaged repository clean on its next run. A packed blob that cannot be
// inflated is an issue naming the object, not the repository; the sweep state kept such a
// repository's tips all the same, so the rerun read only what was new and exited 0.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

let repo: GitFixture;
let out: string;

beforeAll(async () => {
  repo = await makeRepo();
  out = mkdtempSync(join(tmpdir(), 'credsweep-damaged-'));
  // Text that does not compress to nothing, so the damage lands inside the deflate stream.
  for (let i = 0; i < 3; i++) {
    const lines = Array.from({ length: 80 }, (_, n) => `line ${n} of file ${i}: ${((n + 7) * (i + 13) * 2654435761) % 4294967296}`);
    await repo.commit({ [`f${i}.txt`]: `${lines.join('\n')}\n` }, `file ${i}`);
  }
  await repo.git('repack', '-adq');
  const blob = await repo.git('rev-parse', 'HEAD:f1.txt');
  const packDir = join(repo.dir, '.git', 'objects', 'pack');
  const idx = readdirSync(packDir).find((n) => n.endsWith('.idx')) as string;
  const listing = await repo.git('verify-pack', '-v', join(packDir, idx));
  const offset = Number(
    listing
      .split('\n')
      .find((l) => l.startsWith(blob))
      ?.trim()
      .split(/\s+/)[4],
  );
  const pack = join(packDir, idx.replace(/\.idx$/, '.pack'));
  const bytes = readFileSync(pack);
  for (let k = offset + 8; k < offset + 40; k++) bytes[k] = (bytes[k] as number) ^ 0x5a;
  chmodSync(pack, 0o644);
  writeFileSync(pack, bytes);
});

afterAll(async () => {
  await repo.cleanup();
  rmSync(out, { recursive: true, force: true });
});

describe('scan --state of a repository with a damaged object', () => {
  it('is incomplete on every run, not clean from the second', async () => {
    const state = join(out, 'state.json');
    const manifest = join(out, 'coverage.json');
    for (const run of [1, 2]) {
      const result = await runCli(['scan', repo.dir, '--state', state, '--manifest', manifest, '-f', 'json', '--no-progress']);
      expect(result.code, `run ${run}: ${result.stderr}`).toBe(3);
      expect(result.stderr, `run ${run}`).toContain('GIT_CORRUPT_OBJECT');
      const coverage = JSON.parse(readFileSync(manifest, 'utf8')) as { targets: { status: string }[] };
      expect(
        coverage.targets.map((t) => t.status),
        `run ${run}`,
      ).toEqual(['incomplete']);
    }
  });
});
