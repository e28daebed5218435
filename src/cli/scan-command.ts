// `credsweep scan`: the post-exposure sweep and the everyday scan.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { emptyIgnoreList, type IgnoreList, loadIgnoreFile } from '../config/ignore-file.js';
import { type FormatName, reporters } from '../report/index.js';
import { runScan } from '../scan/run-scan.js';
import { defaultThreads } from '../scan/worker-pool.js';
import type { ScanResult } from '../types.js';
import { EXIT, exitCodeForScan } from './exit-code.js';
import { loadRuleSet } from './load-rules.js';
import { resolveRevisionSets } from './range-flags.js';
import { stagedAdvice } from './staged-advice.js';
import { parseChoice, parseFailOn, parsePositiveInt, parseSize } from './option-parsers.js';
import { createProgressLine } from './progress.js';
import { summaryLine } from './summary-line.js';
import { toolVersion } from './version.js';
import { writeOutput } from './write-output.js';

interface ScanFlags {
  history: boolean;
  format: string;
  output?: string;
  showSecrets: boolean;
  failOn: string;
  maxBlobSize: string;
  threads?: string;
  rules: string[];
  builtinRules: boolean;
  followSymlinks: boolean;
  ignoreFile?: string;
  progress: boolean;
  color: boolean;
  quiet: boolean;
  intel: boolean;
  staged?: boolean;
  sinceCommit?: string;
  logOpts?: string;
  prePush?: boolean;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

// An explicit --ignore-file must exist; otherwise each directory target's own
// .credsweepignore is honoured, and what it suppresses is counted in the summary.
function loadIgnores(targets: string[], explicit: string | undefined): IgnoreList {
  if (explicit) return loadIgnoreFile(explicit, true);
  const lists = targets.filter(isDirectory).map((t) => loadIgnoreFile(join(t, '.credsweepignore'), false));
  const merged = emptyIgnoreList();
  const matchers = lists.map((l) => l.matchesPath);
  for (const l of lists) {
    for (const id of l.ids) merged.ids.add(id);
    merged.globs.push(...l.globs);
  }
  merged.matchesPath = (p) => matchers.some((m) => m(p));
  return merged;
}

/** Runs a scan from parsed flags and prints the report; returns the exit code. */
export async function runScanCommand(targets: string[], flags: ScanFlags): Promise<number> {
  const format = parseChoice('--format', flags.format, Object.keys(reporters) as FormatName[]);
  const failOn = parseFailOn(flags.failOn);
  const maxBlobSize = parseSize('--max-blob-size', flags.maxBlobSize);
  const threads = flags.threads ? parsePositiveInt('--threads', flags.threads) : defaultThreads();
  // Intel rules run only when asked: they describe the environment rather than open it, and a
  // pre-commit hook or CI gate wants neither their time nor their lines.
  const rules = loadRuleSet(flags.rules, flags.builtinRules).filter((r) => flags.intel || r.kind === 'secret');
  const list = targets.length > 0 ? targets : ['.'];
  const revisionSets = await resolveRevisionSets(flags, process.stdin);
  const progress = createProgressLine(process.stderr, flags.progress && !flags.quiet);
  let result: ScanResult;
  try {
    result = await runScan({
      targets: list,
      history: flags.history,
      staged: flags.staged ?? false,
      revisionSets,
      rules,
      maxBlobSize,
      threads,
      followSymlinks: flags.followSymlinks,
      ignore: loadIgnores(list, flags.ignoreFile),
      stdin: process.stdin,
      onProgress: progress.update,
    });
  } finally {
    progress.stop();
  }
  const toTerminal = flags.output === undefined && process.stdout.isTTY === true;
  const text = reporters[format](result, {
    showSecrets: flags.showSecrets,
    color: format === 'text' && flags.color && toTerminal,
    toolVersion: toolVersion(),
    rules,
  });
  await writeOutput(text, flags.output);
  // The text report carries its own summary; other formats get one line on stderr.
  if (!flags.quiet && (format !== 'text' || flags.output !== undefined)) {
    process.stderr.write(`${summaryLine(result)}\n`);
  }
  const code = exitCodeForScan(result, failOn);
  if ((flags.staged || flags.prePush) && code === EXIT.findings && !flags.quiet) {
    process.stderr.write(stagedAdvice(result.findings, flags.prePush ? 'push' : 'commit'));
  }
  return code;
}

/** Adds the `scan` command to the program. */
export function registerScanCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('scan')
    .description('scan directories, git repositories (every object of history) or stdin (-) for secrets')
    .argument('[targets...]', 'paths to scan; - reads stdin', [])
    .option('--no-history', 'scan the files on disk, not the git history')
    .option('--staged', 'scan only what is staged for the next commit (lines it adds), as a pre-commit hook does', false)
    .option('--since-commit <rev>', 'scan only the lines added by commits after REV (REV..HEAD), e.g. in CI')
    .option('--log-opts <args>', 'scan only the lines added by the commits these `git log` arguments select, e.g. "main..feature"')
    .option('--pre-push', 'scan the commits being pushed, read from stdin as a pre-push hook receives them', false)
    .option('-f, --format <format>', `output format: ${Object.keys(reporters).join(', ')}`, 'text')
    .option('-o, --output <file>', 'write the report to a file (mode 0600)')
    .option('--show-secrets', 'print secrets whole instead of redacted', false)
    .option('--fail-on <severity>', 'lowest severity of a secret that makes the exit code 1 (or none)', 'low')
    .option('--max-blob-size <size>', 'skip (and count) blobs larger than this', '50MB')
    .option('--threads <n>', 'worker threads (default: all cores)')
    .option('--rules <path...>', 'extra rule files or directories of them', [])
    .option('--no-builtin-rules', 'use only the rules given with --rules')
    .option('--follow-symlinks', 'follow symbolic links when scanning files on disk', false)
    .option('--ignore-file <file>', 'ignore file of finding ids and path globs (default: <target>/.credsweepignore)')
    .option('--no-progress', 'no progress line on stderr')
    .option('--no-color', 'no colours in the text report')
    .option('-q, --quiet', 'print only the report', false)
    .option('--intel', 'also report environmental intelligence (account ids, buckets, hosts, tools in use); never fails the scan', false)
    .action(async (targets: string[], flags: ScanFlags) => setExit(await runScanCommand(targets, flags)));
}
