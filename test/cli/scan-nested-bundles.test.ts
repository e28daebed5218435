// Git bundles found inside other content are read as history, not as bytes: a bundle in a zip or
// a tar.xz on disk, and a bundle committed into a repository's history. Each becomes a target of
// its own, named after where it sits; a damaged one is a named issue (exit 3).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { makeTar, makeXz, makeZip } from '../support/archives.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

// A made-up token of the documented shape, assembled so this file does not itself look like a leak.
const TOKEN = ['ghp', '_', 'Nb6vC0xZ4lK8jH2gF6dS0aP4oI8uY2tR6eW0'].join('');

let source: GitFixture;
let leak: string;
let bundle: Buffer;

beforeAll(async () => {
  source = await makeRepo();
  leak = await source.commit({ 'app.env': `GITHUB_TOKEN=${TOKEN}\n` }, 'add token', { author: 'Bundle Author' });
  await source.commit({ 'app.env': 'GITHUB_TOKEN=\n' }, 'remove token');
  await source.git('bundle', 'create', '-q', join(source.root, 'repo.bundle'), '--all');
  bundle = readFileSync(join(source.root, 'repo.bundle'));
});
afterAll(() => source.cleanup());

async function scan(target: string) {
  const run = await runCli(['scan', target, '-f', 'json', '--show-secrets', '--no-progress']);
  return { code: run.code, stdout: run.stdout, stderr: run.stderr, findings: run.stdout ? (JSON.parse(run.stdout) as Finding[]) : [] };
}

describe('git bundles inside other content', () => {
  it('a bundle in a zip and in a tar.xz on disk is read as history', async () => {
    const dir = join(source.root, 'seized');
    mkdirSync(dir);
    writeFileSync(join(dir, 'release.zip'), await makeZip({ 'backup/repo.bundle': bundle }));
    writeFileSync(join(dir, 'mirror.tar.xz'), makeXz(await makeTar({ 'repo.bundle': bundle })));
    const { code, findings, stderr } = await scan(dir);
    expect(code, stderr).toBe(1);
    const places = findings.filter((f) => f.secret === TOKEN).flatMap((f) => f.occurrences);
    expect(places.map((p) => [p.target, p.file, p.commit, p.author]).sort()).toEqual(
      [
        [join(dir, 'mirror.tar.xz!repo.bundle'), 'app.env', leak, 'Bundle Author'],
        [join(dir, 'release.zip!backup/repo.bundle'), 'app.env', leak, 'Bundle Author'],
      ].sort(),
    );
  });

  it('a bundle committed into history and deleted is read as history, named by the blob', async () => {
    const repo = await makeRepo();
    try {
      await repo.commit({ 'backups/repo.bundle': bundle }, 'keep a backup');
      const oid = await repo.git('rev-parse', 'HEAD:backups/repo.bundle');
      await repo.commit({ 'backups/repo.bundle': null }, 'drop the backup');
      const { code, findings, stderr } = await scan(repo.dir);
      expect(code, stderr).toBe(1);
      const found = findings.find((f) => f.secret === TOKEN);
      expect(found?.occurrences.map((p) => [p.target ?? found.target, p.commit])).toEqual([[`${repo.dir}@${oid}`, leak]]);
    } finally {
      await repo.cleanup();
    }
  });

  it('with --state, a rerun still reports what a bundle in history held, unchanged or with new commits', async () => {
    const repo = await makeRepo();
    try {
      await repo.commit({ 'backups/repo.bundle': bundle }, 'keep a backup');
      const state = join(repo.root, 'state.json');
      const run = async () => {
        const r = await runCli(['scan', repo.dir, '-f', 'json', '--show-secrets', '--no-progress', '--state', state]);
        expect(r.code, r.stderr).toBe(1);
        return (JSON.parse(r.stdout) as Finding[]).filter((f) => f.secret === TOKEN).map((f) => f.occurrences[0]?.commit);
      };
      expect(await run()).toEqual([leak]);
      expect(await run()).toEqual([leak]);
      await repo.commit({ 'README.md': 'notes\n' }, 'add notes');
      expect(await run()).toEqual([leak]);
    } finally {
      await repo.cleanup();
    }
  });

  it('a bundle piped on stdin is read as history, with its commit and author', async () => {
    const run = await runCli(['scan', '-', '-f', 'json', '--show-secrets', '--no-progress'], { input: bundle });
    expect(run.code, run.stderr).toBe(1);
    const found = (JSON.parse(run.stdout) as Finding[]).find((f) => f.secret === TOKEN);
    expect(found?.occurrences.map((p) => [p.target ?? found.target, p.file, p.commit, p.author])).toEqual([
      ['stdin', 'app.env', leak, 'Bundle Author'],
    ]);
  });

  it('a bundle on stdin over the archive byte limit is read to its end and named, exit 3', async () => {
    const run = await runCli(['scan', '-', '--no-progress', '--max-archive-bytes', '100'], { input: bundle });
    expect(run.code, run.stdout + run.stderr).toBe(3);
    expect(run.stdout + run.stderr).toMatch(/ARCHIVE_TOO_LARGE[\s\S]*a git bundle of \d+ bytes/);
  });

  it('a damaged bundle inside a zip is a named issue, exit 3', async () => {
    const dir = join(source.root, 'damaged');
    mkdirSync(dir);
    const broken = Buffer.concat([Buffer.from('# v2 git bundle\nnot a ref line\n\n'), bundle.subarray(200)]);
    writeFileSync(join(dir, 'release.zip'), await makeZip({ 'repo.bundle': broken }));
    const run = await runCli(['scan', dir, '--no-progress']);
    expect(run.code, run.stdout + run.stderr).toBe(3);
    expect(run.stdout + run.stderr).toMatch(/ARCHIVE_CORRUPT[\s\S]*release\.zip!repo\.bundle/);
  });
});
