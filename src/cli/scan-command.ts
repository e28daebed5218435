// `credsweep scan`: the post-exposure sweep and the everyday scan.
import type { Command } from 'commander';
import type { ScanFlags } from './execute-scan.js';
import { runScanCommand } from './scan-and-print.js';
import { addScanOptions } from './scan-options.js';

/** Adds the `scan` command to the program; `beforeThreads` goes to runScan. */
export function registerScanCommand(program: Command, setExit: (code: number) => void, beforeThreads?: (objects: number) => void): void {
  addScanOptions(
    program
      .command('scan')
      .description('scan directories, git repositories (every object of history) or stdin (-) for secrets')
      .argument(
        '[targets...]',
        'paths, git bundles, https:// git URLs, codecommit://REGION/REPO, codecommit://REGION/*, codecommit://* or s3://BUCKET/PREFIX; - reads stdin',
        [],
      ),
  ).action(async (targets: string[], flags: ScanFlags, command: Command) =>
    setExit(await runScanCommand(targets, flags, (flag) => command.getOptionValueSource(flag) === 'cli', beforeThreads)),
  );
}
