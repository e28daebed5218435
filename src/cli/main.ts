// The command-line entry: wires commands, turns errors into messages and exit codes. The only
// module that knows about argv and exit codes; everything below it returns values or throws.
import { Command, CommanderError } from 'commander';
import { exitCodeFor, isCredsweepError } from '../errors.js';
import { registerBaselineCommand } from './baseline-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerHookCommand } from './hook-command.js';
import { registerKeysCommand } from './keys-command.js';
import { registerReportCommand } from './report-command.js';
import { registerRevokeCommand } from './revoke-command.js';
import { registerMergeCommand } from './merge-command.js';
import { EXIT } from './exit-code.js';
import { registerRulesCommand } from './rules-command.js';
import { registerScanCommand } from './scan-command.js';
import { toolVersion } from './version.js';

/** Runs the CLI with `argv` (as process.argv) and resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.clean;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command()
    .name('credsweep')
    .description('Find exposed secrets in code and git history, and tell a responder what they open.')
    .version(toolVersion())
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerScanCommand(program, setExit);
  registerRulesCommand(program, setExit);
  registerDemoCommand(program, setExit);
  registerHookCommand(program, setExit);
  registerBaselineCommand(program, setExit);
  registerMergeCommand(program, setExit);
  registerKeysCommand(program, setExit);
  registerRevokeCommand(program, setExit);
  registerReportCommand(program, setExit);
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are "errors" to commander; they are successes to the user.
      return err.exitCode === 0 ? EXIT.clean : EXIT.usage;
    }
    if (isCredsweepError(err)) {
      process.stderr.write(`credsweep: ${err.message}\n`);
      return exitCodeFor(err);
    }
    process.stderr.write(`credsweep: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT.usage;
  }
}
