// Runs the CLI as a child with a preload that records the process's peak resident memory
// (worker threads included) when it exits, so tests can bound what hostile input costs. Linux
// starts a child's peak at its parent's resident size when it forks, so a test that builds a
// large input must build it in another process, not in its own memory.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliRun, runCli } from './run-cli.js';

/** A CLI run and its peak resident set size in MiB. */
export interface MeasuredRun extends CliRun {
  maxRssMiB: number;
}

/** Runs `credsweep ...args` and reads its maximum resident size. */
export async function runCliMeasured(
  args: string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<MeasuredRun> {
  const dir = mkdtempSync(join(tmpdir(), 'credsweep-rss-'));
  try {
    const preload = join(dir, 'rss.cjs');
    const out = join(dir, 'rss.txt');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`,
    );
    const run = await runCli(args, { ...options, env: { ...options.env, NODE_OPTIONS: `--require ${preload}` } });
    const kib = Number(readFileSync(out, 'utf8'));
    return { ...run, maxRssMiB: kib / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
