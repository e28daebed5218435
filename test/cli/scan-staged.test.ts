// `credsweep scan --staged`: what the next commit adds, read from the index (not the work tree),
// with the staged path and line. Real repositories, real git, the real CLI.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

// Made-up tokens with valid GitHub checksums are not needed: a failed checksum only lowers
// confidence. Slack-style tokens keep the fixtures simple.
const OLD = 'xoxb-2374618290-4938271650123-IzId6By2ZJ0CxkKdwsA6T6go';
const NEW = 'xoxb-8317460152-1093847561234-wzl4YcgUtwJM811zpsisMrBN';

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

function write(path: string, content: string | Buffer): void {
  const file = join((repo as GitFixture).dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

async function stage(files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) write(path, content);
  await (repo as GitFixture).git('add', '--', ...Object.keys(files));
}

async function scanStaged(): Promise<{ code: number | null; findings: Finding[] }> {
  const run = await runCli(['scan', '--staged', '-f', 'json', '--show-secrets', '--no-progress'], { cwd: (repo as GitFixture).dir });
  if (run.code === 2) throw new Error(run.stderr);
  return { code: run.code, findings: JSON.parse(run.stdout) as Finding[] };
}

describe('scan --staged', () => {
  it('finds a secret in the first commit of a repository, with the staged path and line', async () => {
    repo = await makeRepo();
    await stage({ 'config/app.env': `NAME=demo\nSLACK_TOKEN=${OLD}\n` });
    const { code, findings } = await scanStaged();
    expect(code).toBe(1);
    expect(findings).toMatchObject([{ secret: OLD, file: 'config/app.env', line: 2, source: 'staged', commit: null }]);
  });

  it('reads a staged blob that was packed (not loose), and one whose loose copy is damaged', async () => {
    repo = await makeRepo();
    await repo.commit({ 'README.md': 'hello\n' }, 'init');
    await stage({ 'config/app.env': `SLACK_TOKEN=${NEW}\n` });
    const blob = (await repo.git('rev-parse', ':config/app.env')).trim();
    // repack takes the objects the index names too; prune-packed then drops their loose copies.
    await repo.git('repack', '-a', '-d', '-q');
    await repo.git('prune-packed');
    expect(existsSync(join(repo.dir, '.git/objects', blob.slice(0, 2), blob.slice(2)))).toBe(false);
    expect((await scanStaged()).findings).toMatchObject([{ secret: NEW, file: 'config/app.env', line: 1 }]);
    // A damaged loose copy beside the packed one: the packed one is read, as the store always did.
    const loose = join(repo.dir, '.git/objects', blob.slice(0, 2), blob.slice(2));
    mkdirSync(dirname(loose), { recursive: true });
    writeFileSync(loose, 'not a zlib stream');
    expect((await scanStaged()).findings).toMatchObject([{ secret: NEW, file: 'config/app.env', line: 1 }]);
  });

  it('passes when nothing is staged or the staged change holds no secret', async () => {
    repo = await makeRepo();
    await repo.commit({ 'README.md': 'hello\n' }, 'init');
    expect((await scanStaged()).code).toBe(0);
    await stage({ 'README.md': 'hello\nworld\n' });
    expect(await scanStaged()).toEqual({ code: 0, findings: [] });
  });

  it('reports only lines the commit adds, not secrets already committed in the same file', async () => {
    repo = await makeRepo();
    await repo.commit({ 'app.env': `A=1\nSLACK_TOKEN=${OLD}\nB=2\n` }, 'old secret');
    await stage({ 'app.env': `A=1\nSLACK_TOKEN=${OLD}\nB=3\n` });
    expect(await scanStaged()).toEqual({ code: 0, findings: [] });
    await stage({ 'app.env': `A=1\nSLACK_TOKEN=${OLD}\nB=3\nOTHER=${NEW}\n` });
    const { findings } = await scanStaged();
    expect(findings.map((f) => [f.secret, f.line])).toEqual([[NEW, 4]]);
  });

  it('scans what is staged, not the work tree (a partly staged file)', async () => {
    repo = await makeRepo();
    await repo.commit({ 'app.env': 'A=1\n' }, 'init');
    write('app.env', `A=1\nSLACK_TOKEN=${NEW}\n`); // changed on disk, not staged
    expect((await scanStaged()).code).toBe(0);
    await stage({ 'app.env': `A=1\nSLACK_TOKEN=${NEW}\n` });
    write('app.env', 'A=1\n'); // staged, then removed from disk only
    const { code, findings } = await scanStaged();
    expect(code).toBe(1);
    expect(findings.map((f) => f.file)).toEqual(['app.env']);
  });

  it('follows a rename and reports only the new line under the new path', async () => {
    repo = await makeRepo();
    const body = `${Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n')}\nSLACK_TOKEN=${OLD}\n`;
    await repo.commit({ 'old/name.env': body }, 'init');
    mkdirSync(join(repo.dir, 'new'));
    await repo.git('mv', 'old/name.env', 'new/name.env');
    await stage({ 'new/name.env': `${body}EXTRA=${NEW}\n` });
    const { findings } = await scanStaged();
    expect(findings.map((f) => [f.secret, f.file, f.line])).toEqual([[NEW, 'new/name.env', 22]]);
  });

  it('finds a binary keystore by name and ignores other binary files', async () => {
    repo = await makeRepo();
    await stage({ 'certs/client.p12': randomBytes(400), 'logo.png': randomBytes(400) });
    const { findings } = await scanStaged();
    expect(findings.map((f) => [f.rule, f.file])).toEqual([['file.pkcs12', 'certs/client.p12']]);
  });

  it('on a merge, reports what the merge adds but not what either parent already had', async () => {
    repo = await makeRepo();
    await repo.commit({ 'app.env': 'A=1\n', 'other.env': 'X=1\n' }, 'base');
    await repo.git('checkout', '-q', '-b', 'feature');
    await repo.commit({ 'feature.env': `SLACK_TOKEN=${OLD}\n`, 'app.env': 'A=2\n' }, 'feature adds a secret');
    await repo.git('checkout', '-q', 'main');
    await repo.commit({ 'app.env': 'A=3\n' }, 'conflicting change');
    await repo.git('merge', '--no-commit', 'feature').catch(() => undefined); // conflict on app.env
    await stage({ 'app.env': `A=4\nSLACK_TOKEN=${NEW}\n` });
    const { findings } = await scanStaged();
    expect(findings.map((f) => [f.secret, f.file])).toEqual([[NEW, 'app.env']]);
  });

  it('refuses stdin and a folder that is no repository, naming the problem', async () => {
    const run = await runCli(['scan', '--staged', '-'], { input: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--staged reads a repository/);
  });

  it('refuses a bare repository, which has nothing staged', async () => {
    repo = await makeRepo();
    await repo.commit({ 'app.env': 'A=1\n' }, 'base');
    const bare = join(repo.root, 'bare.git');
    await repo.git('clone', '-q', '--bare', repo.dir, bare);
    const run = await runCli(['scan', '--staged', bare, '--no-progress']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--staged needs a work tree, and \S*bare\.git is a bare repository/);
  });
});
