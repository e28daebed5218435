// Helpers for the tests that install credsweep the way a user does: from the packed tarball,
// from a git URL, through the pre-commit framework.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { fixtureEnv, type GitFixture, makeRepo } from './git-fixture.js';

/** The checkout under test. */
export const CHECKOUT = resolve(import.meta.dirname, '../..');

const run = promisify(execFile);

/**
 * Environment for an install that gets re2's native binary from the one this checkout already
 * built, through re2's own download-mirror settings, instead of compiling it again (minutes on a
 * small machine) or fetching it from the network. npm keeps the real HOME: its cache is there.
 */
export function installEnv(work: string): NodeJS.ProcessEnv {
  const mirror = join(work, 're2-mirror');
  const slot = `${process.platform}-${process.arch}-${process.versions.modules}`;
  if (!existsSync(join(mirror, `${slot}.gz`))) {
    mkdirSync(mirror, { recursive: true });
    const built = join(CHECKOUT, 'node_modules/re2/build/Release/re2.node');
    writeFileSync(join(mirror, `${slot}.gz`), gzipSync(readFileSync(built)));
  }
  return {
    ...process.env,
    RE2_DOWNLOAD_MIRROR: mirror,
    RE2_DOWNLOAD_SKIP_PATH: '1',
    RE2_DOWNLOAD_SKIP_VER: '1',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_prefer_offline: 'true',
  };
}

/** Runs npm with `args` in `cwd`; rejects with npm's own output when it fails. */
export async function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run('npm', args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`npm ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Packs the checkout into `dest` without rebuilding (the test command builds first); returns the tarball's path and file list. */
export async function packCheckout(dest: string, env: NodeJS.ProcessEnv): Promise<{ tarball: string; files: string[] }> {
  const out = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dest], CHECKOUT, env);
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack printed no package: ${out}`);
  const tarball = join(dest, info.filename);
  return { tarball, files: info.files.map((f) => f.path) };
}

/** What a run of an installed command did. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the installed command `bin`; resolves its exit code and output. `uid` runs it as that user (when root). */
export function runInstalled(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, uid?: number): Promise<Run> {
  const as = uid === undefined ? {} : { uid, gid: uid };
  return new Promise((resolve) => {
    execFile(bin, args, { cwd, env, ...as }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Copies this checkout's files as they are now (committed or not, ignored ones left out) into `dest`. */
export async function copyCheckout(dest: string): Promise<void> {
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: CHECKOUT,
    maxBuffer: 16 * 1024 * 1024,
  });
  for (const file of listed.stdout.split('\0')) {
    if (file === '' || !existsSync(join(CHECKOUT, file))) continue;
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    copyFileSync(join(CHECKOUT, file), join(dest, file));
  }
}

/** A repository whose one commit holds this checkout's files as they are now: what a git URL install of this work gets. */
export async function commitCheckout(): Promise<GitFixture> {
  const repo = await makeRepo();
  await copyCheckout(repo.dir);
  await repo.commit({}, 'credsweep as checked out', { all: true });
  return repo;
}

/**
 * Runs `hook install` of the installed command `bin` in `repo`, then tries to commit a file
 * holding `token`; resolves whether the installed hook refused that commit.
 */
export async function hookRefusesStagedSecret(bin: string, repo: GitFixture, token: string): Promise<boolean> {
  const env = fixtureEnv(repo.root);
  const install = await runInstalled(bin, ['hook', 'install'], repo.dir, env);
  if (install.code !== 0) throw new Error(`hook install failed (exit ${install.code}): ${install.stderr}`);
  if ((statSync(join(repo.dir, '.git/hooks/pre-commit')).mode & 0o111) === 0) throw new Error('the installed hook is not executable');
  return new Promise((resolve) => {
    execFile(
      'sh',
      ['-c', `printf 'T=${token}\\n' > again.env && git add again.env && git commit -q -m again`],
      { cwd: repo.dir, env },
      (err) => resolve(err !== null),
    );
  });
}
