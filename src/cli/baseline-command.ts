// `credsweep baseline create`: scans as `scan` would and writes the findings' ids (no secrets) to a
// baseline file, so that `scan --baseline FILE` then reports only what is new.
import { writeFileSafely } from '../config/private-file.js';
import type { Command } from 'commander';
import { formatBaseline } from '../config/baseline.js';
import { checkOutputs } from './check-outputs.js';
import { EXIT } from './exit-code.js';
import { executeScan, type ScanFlags } from './execute-scan.js';
import { summaryLine } from './summary-line.js';
import { toolVersion } from './version.js';

interface BaselineFlags {
  output: string;
  history: boolean;
  rules: string[];
  builtinRules: boolean;
  config?: string;
  maxBlobSize: string;
  threads?: string;
  ignoreFile?: string;
  trustTargetConfig: boolean;
  progress: boolean;
  quiet: boolean;
}

/** Adds `baseline create` to the program. */
export function registerBaselineCommand(program: Command, setExit: (code: number) => void): void {
  const baseline = program.command('baseline').description('record the findings a team has triaged, so later scans report only new ones');
  baseline
    .command('create')
    .description('scan and write the ids of every finding (never the secrets) to a baseline file')
    .argument('[targets...]', 'paths to scan', [])
    .option('-o, --output <file>', 'baseline file to write', '.credsweep-baseline.json')
    .option('--no-history', 'scan the files on disk, not the git history')
    .option('--rules <path...>', 'extra rule files or directories of them', [])
    .option('--no-builtin-rules', 'use only the rules given with --rules')
    .option('--config <file>', 'settings file (default: .credsweep.yaml in the first directory target, with --trust-target-config)')
    .option('--trust-target-config', "apply the target's own .credsweep.yaml and .credsweepignore", false)
    .option('--max-blob-size <size>', 'skip (and count) blobs larger than this', '50MB')
    .option('--threads <n>', 'worker threads (default: all cores)')
    .option('--ignore-file <file>', 'ignore file of finding ids and path globs')
    .option('--no-progress', 'no progress line on stderr')
    .option('-q, --quiet', 'print nothing but errors', false)
    .action(async (targets: string[], flags: BaselineFlags, command: Command) => {
      const scanFlags: ScanFlags = {
        ...flags,
        format: 'json',
        output: undefined,
        showSecrets: false,
        failOn: 'none',
        followSymlinks: false,
        color: false,
        intel: false,
        baseline: undefined,
      };
      const typed = (flag: string) => command.getOptionValueSource(flag) === 'cli';
      checkOutputs([{ flag: '-o', file: flags.output }]);
      const { result } = await executeScan(targets, scanFlags, typed);
      // Ids and places only, no secrets: meant to be committed, so readable like any source file.
      await writeFileSafely(flags.output, formatBaseline(result.findings, toolVersion(), new Date()), 0o644);
      if (!flags.quiet) {
        process.stderr.write(
          `${summaryLine(result)}\ncredsweep: baseline of ${result.findings.length} finding(s) written to ${flags.output}\n`,
        );
      }
      // A baseline of a scan that could not read everything would hide what it missed later.
      setExit(result.issues.length > 0 ? EXIT.incomplete : EXIT.clean);
    });
}
