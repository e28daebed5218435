// `credsweep hook install|uninstall [--pre-push]`: wires credsweep into the repository's git hooks.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { type HookKind, installHook, uninstallHook } from './hook-install.js';

// The hook runs this very installation: this node, this package's bin (found from this module).
function binPath(): string {
  return realpathSync(fileURLToPath(new URL('../../bin/credsweep.js', import.meta.url)));
}

interface HookFlags {
  prePush: boolean;
}

const kindOf = (flags: HookFlags): HookKind => (flags.prePush ? 'pre-push' : 'pre-commit');

/** Adds `hook install` and `hook uninstall` to the program. */
export function registerHookCommand(program: Command, setExit: (code: number) => void): void {
  const hook = program.command('hook').description('install or remove the git hook that scans what is committed (or pushed)');
  hook
    .command('install')
    .description('install a pre-commit hook running `credsweep scan --staged` (keeps and chains an existing hook)')
    .option('--pre-push', 'install a pre-push hook instead, scanning the commits being pushed', false)
    .action(async (flags: HookFlags) => {
      process.stdout.write(`${await installHook(process.cwd(), kindOf(flags), process.execPath, binPath())}\n`);
      setExit(0);
    });
  hook
    .command('uninstall')
    .description('remove the credsweep hook and restore the hook it replaced; nothing else is touched')
    .option('--pre-push', 'remove the pre-push hook instead', false)
    .action(async (flags: HookFlags) => {
      process.stdout.write(`${await uninstallHook(process.cwd(), kindOf(flags))}\n`);
      setExit(0);
    });
}
