// Archives wherever bytes come from: on disk, on stdin and committed into history (then deleted),
// their members scanned and named `archive!member`; and hostile archives (bombs, lying headers,
// truncated streams, escaping names, symlinks) through the disk and history paths, each bounded
// and named as an issue (exit 3), nothing written anywhere.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import {
  makeBzip2,
  makeLyingTar,
  makeNestedZipBomb,
  makeOverlapZip,
  makeSymlinkTar,
  makeTar,
  makeTgz,
  makeXz,
  makeZip,
  renameInZip,
} from '../support/archives.js';
import { runCli } from '../support/run-cli.js';
import { git, gitEnv } from '../support/shell-git.js';

// Made-up secrets, assembled so this file does not itself look like a leak.
const GH_TOKEN = ['ghp', '_', 'Z3xC7vB1nM5aS9dF2gH6jK0lQ4wE8rT2yU6i'].join('');
const GL_TOKEN = ['glpat', '-', 'Rt6Yu2Io8Pa4Sd0Fg3Hj'].join('');
const SLACK = ['https://hooks.slack.com/services/', 'T0ARCH1AB/B0ARCH2CD/', 'Mn4b7Vc1Xz0LkJh3GfDs9Aq2'].join('');
const PASSWORD = 'Wq8eRt3yUi7oPa1sDf5g';
const GH_TOKEN_BZ = ['ghp', '_', 'B2zP9qW4eR7tY1uI5oA8sD3fG6hJ0kL2zX4c'].join('');
const GH_TOKEN_XZ = ['ghp', '_', 'X7cV2bN6mQ1wE5rT9yU3iO8pA4sD0fG6hJ2k'].join('');

let root: string;
let files: string;

const json = (stdout: string) => JSON.parse(stdout) as Finding[];
const fileOf = (findings: Finding[], secret: string) => findings.find((f) => f.secret === secret)?.file;

async function commitRepo(dir: string, content: Record<string, Buffer | string>, thenDelete: boolean): Promise<void> {
  const env = gitEnv(root);
  await git(root, ['init', '-q', dir], env);
  for (const [name, data] of Object.entries(content)) writeFileSync(join(dir, name), data);
  await git(dir, ['add', '-A'], env);
  await git(dir, ['commit', '-q', '-m', 'add release'], env);
  if (!thenDelete) return;
  await git(dir, ['rm', '-q', ...Object.keys(content)], env);
  await git(dir, ['commit', '-q', '-m', 'remove release'], env);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cs-archives-'));
  files = join(root, 'files');
  mkdirSync(files);
  writeFileSync(join(files, 'bundle.zip'), await makeZip({ 'config/app.env': `GITHUB_TOKEN=${GH_TOKEN}\n` }));
  writeFileSync(join(files, 'backup.tar.gz'), await makeTgz({ 'deploy/.env': `GITLAB_TOKEN=${GL_TOKEN}\n` }));
  writeFileSync(join(files, 'notify.txt.gz'), gzipSync(`hook: ${SLACK}\n`));
  writeFileSync(join(files, 'vendor.tar.bz2'), makeBzip2(await makeTar({ 'ci/env.sh': `export GITHUB_TOKEN=${GH_TOKEN_BZ}\n` })));
  writeFileSync(join(files, 'notes.txt.xz'), makeXz(`github token: ${GH_TOKEN_XZ}\n`));
  const properties = `spring.datasource.url=jdbc:postgresql://db.internal:5432/orders\nspring.datasource.password=${PASSWORD}\n`;
  writeFileSync(
    join(files, 'app.jar'),
    await makeZip({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n', 'BOOT-INF/classes/application.properties': properties }),
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('archives on disk and on stdin', () => {
  it('opens zip, tar.gz, gzip, tar.bz2, xz and jar files in a folder and names each member', async () => {
    const run = await runCli(['scan', files, '-f', 'json', '--show-secrets', '--no-progress']);
    expect(run.code, run.stderr).toBe(1);
    const found = json(run.stdout);
    expect(fileOf(found, GH_TOKEN)).toBe('bundle.zip!config/app.env');
    expect(fileOf(found, GL_TOKEN)).toBe('backup.tar.gz!deploy/.env');
    expect(fileOf(found, SLACK)).toBe('notify.txt');
    expect(fileOf(found, PASSWORD)).toBe('app.jar!BOOT-INF/classes/application.properties');
    expect(fileOf(found, GH_TOKEN_BZ)).toBe('vendor.tar.bz2!ci/env.sh');
    expect(fileOf(found, GH_TOKEN_XZ)).toBe('notes.txt');
  });

  it('a single zip given as the target is not "clean"', async () => {
    const run = await runCli(['scan', join(files, 'bundle.zip'), '-f', 'json', '--show-secrets', '--no-progress']);
    expect(run.code, run.stderr).toBe(1);
    expect(fileOf(json(run.stdout), GH_TOKEN)).toBe('bundle.zip!config/app.env');
  });

  it('opens an archive read from stdin', async () => {
    const run = await runCli(['scan', '-', '-f', 'json', '--show-secrets', '--no-progress'], {
      input: readFileSync(join(files, 'backup.tar.gz')),
    });
    expect(run.code, run.stderr).toBe(1);
    expect(fileOf(json(run.stdout), GL_TOKEN)).toBe('stdin!deploy/.env');
  });
});

describe('archives in history', () => {
  it('finds a token in a zip committed and later deleted, with the commit and the archive path', async () => {
    const repo = join(root, 'release-repo');
    await commitRepo(
      repo,
      { 'release.zip': readFileSync(join(files, 'bundle.zip')), 'lib.jar': readFileSync(join(files, 'app.jar')) },
      true,
    );
    const added = await git(repo, ['rev-list', '--max-parents=0', 'HEAD'], gitEnv(root));
    const run = await runCli(['scan', repo, '-f', 'json', '--show-secrets', '--no-progress']);
    expect(run.code, run.stderr).toBe(1);
    const found = json(run.stdout);
    expect(found.find((f) => f.secret === GH_TOKEN)).toMatchObject({
      file: 'release.zip!config/app.env',
      commit: added,
      atHead: false,
      source: 'git',
    });
    expect(fileOf(found, PASSWORD)).toBe('lib.jar!BOOT-INF/classes/application.properties');
  });
});

// Three members of 4 MB of zeros: a few hundred bytes bzip2-compressed, 12 MB expanded, past the 8 MB below.
const zerosTar = () => {
  const zeros = Buffer.alloc(4 * 1024 * 1024);
  return makeTar({ a: zeros, b: zeros, c: zeros });
};

describe('hostile archives', () => {
  const LIMIT = ['--max-archive-bytes', '8MB'];
  const hostile: Array<[string, string, () => Promise<Buffer>, RegExp]> = [
    ['a nested zip bomb', 'bomb.zip', () => makeNestedZipBomb(3, 8, 1024 * 1024), /ARCHIVE_TOO_LARGE/],
    [
      'an overlapping-entry zip bomb',
      'overlap.zip',
      () => makeOverlapZip(Buffer.alloc(2 * 1024 * 1024), 30),
      /ARCHIVE_(?:TOO_LARGE|CORRUPT)/,
    ],
    ['a tar member declaring a huge size', 'huge.tar', () => makeLyingTar('big.bin', 8 * 1024 ** 3), /ARCHIVE_CORRUPT/],
    [
      'a truncated gzip',
      'cut.txt.gz',
      async () => gzipSync(Buffer.from(`token: ${GH_TOKEN}\n`.repeat(50))).subarray(0, 60),
      /ARCHIVE_CORRUPT/,
    ],
    ['a bzip2 bomb', 'bomb.tar.bz2', async () => makeBzip2(await zerosTar()), /ARCHIVE_TOO_LARGE/],
    ['an xz bomb', 'bomb.tar.xz', async () => makeXz(await zerosTar()), /ARCHIVE_TOO_LARGE/],
    ['a truncated bzip2', 'cut.txt.bz2', async () => makeBzip2(`token: ${GH_TOKEN}\n`.repeat(50)).subarray(0, 60), /ARCHIVE_CORRUPT/],
    ['a truncated xz', 'cut.txt.xz', async () => makeXz(`token: ${GH_TOKEN}\n`.repeat(50)).subarray(0, 60), /ARCHIVE_CORRUPT/],
  ];

  it.each(hostile)('%s on disk is a named issue, exit 3', async (_what, name, make, code) => {
    const dir = mkdtempSync(join(root, 'disk-'));
    writeFileSync(join(dir, name), await make());
    const run = await runCli(['scan', dir, ...LIMIT, '--no-progress']);
    expect(run.code, run.stdout + run.stderr).toBe(3);
    expect(run.stdout).toMatch(code);
    expect(run.stdout).toContain(name);
  });

  it.each(hostile)('%s in history is a named issue, exit 3', async (_what, name, make, code) => {
    const repo = join(mkdtempSync(join(root, 'hist-')), 'repo');
    await commitRepo(repo, { [name]: await make() }, true);
    const run = await runCli(['scan', repo, ...LIMIT, '--no-progress']);
    expect(run.code, run.stdout + run.stderr).toBe(3);
    expect(run.stdout).toMatch(code);
  });

  it('member names with ../ or an absolute path are labels: scanned, never written', async () => {
    const escaped = `cs-escape-${process.pid}.env`;
    const up = `../../../../../../tmp/${escaped}`;
    const abs = `/tmp/abs-${escaped}`;
    let zip = await makeZip({
      [up.replace(/\.\.\//g, 'xx/')]: `GITHUB_TOKEN=${GH_TOKEN}\n`,
      [abs.replace('/', 'x')]: `GITLAB_TOKEN=${GL_TOKEN}\n`,
    });
    zip = renameInZip(renameInZip(zip, up.replace(/\.\.\//g, 'xx/'), up), abs.replace('/', 'x'), abs);
    for (const where of ['disk', 'history'] as const) {
      const dir = mkdtempSync(join(root, 'names-'));
      let target = dir;
      if (where === 'disk') writeFileSync(join(dir, 'evil.zip'), zip);
      else {
        target = join(dir, 'repo');
        await commitRepo(target, { 'evil.zip': zip }, false);
      }
      const run = await runCli(['scan', target, '-f', 'json', '--show-secrets', '--no-progress']);
      expect(run.code, run.stderr).toBe(1);
      const found = json(run.stdout);
      expect(fileOf(found, GH_TOKEN)).toBe(`evil.zip!${up}`);
      expect(fileOf(found, GL_TOKEN)).toBe(`evil.zip!${abs}`);
      expect(existsSync(join('/tmp', escaped))).toBe(false);
      expect(existsSync(abs)).toBe(false);
    }
  });

  it('a symlink member is not followed; the members after it are read', async () => {
    const tar = await makeSymlinkTar('etc-link', '/etc/hostname', { 'after.env': `GITHUB_TOKEN=${GH_TOKEN}\n` });
    const dir = mkdtempSync(join(root, 'link-'));
    writeFileSync(join(dir, 'links.tar'), tar);
    const run = await runCli(['scan', dir, '-f', 'json', '--show-secrets', '--no-progress']);
    expect(run.code, run.stderr).toBe(1);
    const found = json(run.stdout);
    expect(fileOf(found, GH_TOKEN)).toBe('links.tar!after.env');
    expect(found.some((f) => f.file?.includes('etc-link'))).toBe(false);
  });
});
