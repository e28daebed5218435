// Helpers for the tests that install credsweep the way a user does: from the packed tarball,
// from a git URL, through the pre-commit framework.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

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
