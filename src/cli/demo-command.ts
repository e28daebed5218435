// `credsweep demo`: a first real result on a fresh machine, without pointing the tool at
// anything of the user's. Builds the demo repository in a temp folder and sweeps its history.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { runScanCommand } from './scan-and-print.js';
import { defaultScanFlags } from './scan-options.js';

interface DemoFlags {
  keep: boolean;
  format: string;
  color: boolean;
}

/** Adds the `demo` command to the program. */
export function registerDemoCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('build a small repository with secrets hidden in its history and sweep it')
    .option('--keep', 'keep the demo repository instead of deleting it', false)
    .option('-f, --format <format>', 'output format', 'text')
    .option('--no-color', 'no colours')
    .action(async (flags: DemoFlags) => {
      const dir = mkdtempSync(join(tmpdir(), 'credsweep-demo-'));
      try {
        process.stderr.write(`credsweep demo: building a repository with a leaky history in ${dir}\n`);
        // Loaded here, not at start-up: isomorphic-git is a large module every other command would pay for.
        const { buildDemoRepo } = await import('./demo-repo.js');
        await buildDemoRepo(dir);
        process.stderr.write(`credsweep demo: running \`credsweep scan ${dir}\`\n\n`);
        const code = await runScanCommand([dir], defaultScanFlags({ format: flags.format, color: flags.color, progress: false }));
        if (flags.keep) process.stderr.write(`\ncredsweep demo: the repository is kept in ${dir}\n`);
        // The demo succeeded if it found what it planted; only a broken scan is a failure.
        setExit(code === 1 || code === 0 ? 0 : code);
      } finally {
        if (!flags.keep) rmSync(dir, { recursive: true, force: true });
      }
    });
}
