// The command-line entry: wires commands, turns errors into messages and exit codes. The only
// module that knows about argv and exit codes; everything below it returns values or throws.
import { Command, CommanderError } from 'commander';
import { setAwsTimeout } from '../aws/timeouts.js';
import { exitCodeFor, isCredsweepError, StartAgainWithArenaLimit, UsageError } from '../errors.js';
import { sanitizeForTerminal } from '../report/ansi.js';
import { gateBeforeThreads } from '../scan/thread-start.js';
import { removeAllTempSync } from '../sources/temp-dirs.js';
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

// CREDSWEEP_AWS_TIMEOUT: seconds an AWS call may go without receiving anything (default 60).
function applyAwsTimeout(text: string | undefined): void {
  if (text === undefined || text === '') return;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError('USAGE_BAD_VALUE', `CREDSWEEP_AWS_TIMEOUT: "${text}" is not a positive number of seconds`);
  }
  setAwsTimeout(seconds);
}

// Ctrl-C or a scheduler's kill would otherwise leave fetched repositories, unpacked bundles and
// half-written outputs (secrets included) in the temp folder.
let handlers: Array<[NodeJS.Signals, () => void]> = [];
let stopping = false;
function removeTempOnSignal(): void {
  if (handlers.length > 0) return;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    // Kept (not `once`): a Ctrl-C reaches this process twice when bin/ started it as a child and
    // passes the signal on, and a second signal must not find the default action (death mid-cleanup).
    const handler = () => {
      if (stopping) return;
      stopping = true;
      removeAllTempSync();
      process.exit(code);
    };
    process.on(signal, handler);
    handlers.push([signal, handler]);
  }
}

// A scan started again in a child: the child answers signals, this process only waits for it.
function leaveSignalsToChild(): void {
  for (const [signal, handler] of handlers) process.off(signal, handler);
  handlers = [];
}

/** What main resolves with, instead of an exit code, when a scan stopped to be started again with the arena limit. */
export const START_AGAIN = -1;

export interface MainOptions {
  /** Stop a scan before it starts threads for many objects or fetches, and resolve with START_AGAIN (scan/thread-start.ts). */
  startAgainBeforeThreads?: boolean;
}

/** Runs the CLI with `argv` (as process.argv) and resolves with the exit code (or START_AGAIN). */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
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
  registerScanCommand(program, setExit, options.startAgainBeforeThreads ? gateBeforeThreads : undefined);
  registerRulesCommand(program, setExit);
  registerDemoCommand(program, setExit);
  registerHookCommand(program, setExit);
  registerBaselineCommand(program, setExit);
  registerMergeCommand(program, setExit);
  registerKeysCommand(program, setExit);
  registerRevokeCommand(program, setExit);
  registerReportCommand(program, setExit);
  removeTempOnSignal();
  try {
    applyAwsTimeout(process.env.CREDSWEEP_AWS_TIMEOUT);
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof StartAgainWithArenaLimit) {
      leaveSignalsToChild();
      return START_AGAIN;
    }
    if (err instanceof CommanderError) {
      // Help and version are "errors" to commander; they are successes to the user.
      return err.exitCode === 0 ? EXIT.clean : EXIT.usage;
    }
    if (isCredsweepError(err)) {
      // Messages name paths and values from the scanned material: no raw control characters
      // (our own line breaks kept).
      process.stderr.write(`credsweep: ${err.message.split('\n').map(sanitizeForTerminal).join('\n')}\n`);
      return exitCodeFor(err);
    }
    process.stderr.write(`credsweep: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT.usage;
  }
}
