// The pre-commit and CI paths see what other scans see: archives in the staged change or in the
// commits of a range are opened and their members named `path!member`, encoded secrets are
// decoded, and a range naming an object the store lacks is an incomplete scan (exit 3), not a
// clean one.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { makeBzip2, makeTar, makeTgz, makeXz, makeZip } from '../support/archives.js';
import { fixtureEnv, type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

// Made-up tokens of the documented shapes, assembled so this file does not itself look like a leak.
const ZIP_TOKEN = ['ghp', '_', 'Sg4hD8jF2kL6zX0cV3bN7mQ1wE5rT9yU2iO4'].join('');
const TGZ_TOKEN = ['glpat', '-', 'Kc8Vb3Nm7Qw1Er5Ty9Ui'].join('');
const B64_TOKEN = ['ghp', '_', 'Dz5xC9vB3nM7aS1dF4gH8jK2lQ6wE0rT5yU7'].join('');
const MISSING_TOKEN = ['ghp', '_', 'Mq2wE6rT0yU4iO8pA3sD7fG1hJ5kL9zX2cV6'].join('');

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

const cli = (args: string[]) => runCli(args, { cwd: (repo as GitFixture).dir, env: fixtureEnv((repo as GitFixture).root) });
const json = (stdout: string) => JSON.parse(stdout) as Finding[];

describe('the staged change', () => {
  it('the pre-commit hook refuses a staged zip holding a token, naming the member', async () => {
    repo = await makeRepo();
    await repo.commit({ 'README.md': 'hello\n' }, 'start');
    expect((await cli(['hook', 'install'])).code).toBe(0);
    const refused = await repo
      .commit({ 'release.zip': await makeZip({ 'config/app.env': `GITHUB_TOKEN=${ZIP_TOKEN}\n` }) }, 'add release')
      .then(
        () => null,
        (err: Error) => err,
      );
    expect(refused?.message).toContain('release.zip!config/app.env');
    expect(await repo.git('log', '--format=%s')).toBe('start'); // the commit was stopped
    const run = await cli(['scan', '--staged', '-f', 'json', '--show-secrets', '--no-progress']);
    expect(run.code, run.stderr).toBe(1);
    expect(json(run.stdout).map((f) => [f.secret, f.file])).toEqual([[ZIP_TOKEN, 'release.zip!config/app.env']]);
  });

  it('decodes a base64 value in a staged file', async () => {
    repo = await makeRepo();
    await repo.commit({ 'README.md': 'hello\n' }, 'start');
    await repo.commit({ 'deploy.env': `CONFIG_BLOB=${Buffer.from(`token: ${B64_TOKEN}\n`).toString('base64')}\n` }, 'x', {
      all: true,
    });
    await repo.git('reset', '-q', '--soft', 'HEAD~1');
    const run = await cli(['scan', '--staged', '-f', 'json', '--show-secrets', '--no-progress']);
    expect(run.code, run.stderr).toBe(1);
    expect(json(run.stdout)).toEqual([expect.objectContaining({ secret: B64_TOKEN, file: 'deploy.env', decoded: 'base64' })]);
  });
});

describe('commit ranges', () => {
  it('--since-commit opens a tar.gz and a tar.bz2 the range adds, placed at its commit as outer!inner', async () => {
    repo = await makeRepo();
    const base = await repo.commit({ 'README.md': 'hello\n' }, 'start');
    const added = await repo.commit(
      {
        'vendor/deps.tar.gz': await makeTgz({ 'pkg/.env': `GITLAB_TOKEN=${TGZ_TOKEN}\n` }),
        'vendor/old.tar.bz2': makeBzip2(await makeTar({ 'notes.txt': 'nothing here\n' })),
      },
      'vendor deps',
    );
    const run = await cli(['scan', '--since-commit', base, '-f', 'json', '--show-secrets', '--no-progress']);
    expect(run.code, run.stderr).toBe(1);
    expect(json(run.stdout).map((f) => [f.secret, f.file, f.commit])).toEqual([[TGZ_TOKEN, 'vendor/deps.tar.gz!pkg/.env', added]]);
  });

  it('a bzip2 bomb and a truncated xz in a range are named issues, exit 3', async () => {
    repo = await makeRepo();
    const base = await repo.commit({ 'README.md': 'hello\n' }, 'start');
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    await repo.commit(
      {
        'dist/bomb.tar.bz2': makeBzip2(await makeTar({ a: zeros, b: zeros, c: zeros })),
        'dist/cut.txt.xz': makeXz(`TOKEN=${ZIP_TOKEN}\n`.repeat(40)).subarray(0, 60),
      },
      'hostile',
    );
    const run = await cli(['scan', '--since-commit', base, '--max-archive-bytes', '8MB', '--no-progress']);
    expect(run.code, run.stdout + run.stderr).toBe(3);
    expect(run.stdout).toMatch(/ARCHIVE_TOO_LARGE[\s\S]*archive bomb/);
    expect(run.stdout).toMatch(/ARCHIVE_CORRUPT[\s\S]*xz data is truncated/);
  });

  it('a range whose blob was deleted from the store exits 3 naming it, and still scans the rest', async () => {
    repo = await makeRepo();
    const base = await repo.commit({ 'README.md': 'hello\n' }, 'start');
    await repo.commit({ 'lost.env': `TOKEN=${MISSING_TOKEN}\n`, 'kept.env': `TOKEN=${ZIP_TOKEN}\n` }, 'two files');
    const lost = await repo.git('rev-parse', 'HEAD:lost.env');
    rmSync(join(repo.dir, '.git', 'objects', lost.slice(0, 2), lost.slice(2)));
    const run = await cli(['scan', '--since-commit', base, '-f', 'json', '--show-secrets', '--no-progress']);
    expect(run.code, run.stderr).toBe(3);
    expect(json(run.stdout).map((f) => [f.secret, f.file])).toEqual([[ZIP_TOKEN, 'kept.env']]);
    expect(run.stderr).toMatch(/GIT_MISSING_OBJECT/);
    expect(run.stderr).toContain(lost);
    expect(run.stderr).toContain('lost.env');
  });
});
