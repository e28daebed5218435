// `credsweep scan`: the post-exposure sweep and the everyday scan.
import { type Command, Option } from 'commander';
import { reporters } from '../report/index.js';
import { EXIT, exitCodeForScan } from './exit-code.js';
import { saveState } from '../scan/state-store.js';
import { executeScan, type ScanFlags, stateAws } from './execute-scan.js';
import { stagedAdvice } from './staged-advice.js';
import { attachOwners, lookupOwners } from './keys-command.js';
import { keyIdOf } from './read-findings.js';
import type { EnrichmentGap, ScanResult } from '../types.js';
import { summaryLine } from './summary-line.js';
import { useColor } from './use-color.js';
import { SEVERITIES } from './option-parsers.js';
import { findVersionControl } from './version-control.js';
import { toolVersion } from './version.js';
import { writeOutput } from './write-output.js';

// What a responder does about facts AWS would not give: the findings are whole, so the remedy
// is access, not another scan.
const OWNER_REMEDY =
  'give credsweep AWS credentials that may call sts:GetAccessKeyInfo, iam:GetAccessKeyLastUsed and iam:ListAccessKeys ' +
  '(--profile, --role-arn per account, or the SDK default chain), then run `credsweep keys FINDINGS.json` on saved findings';
const REPORT_REMEDY =
  'give credsweep AWS credentials that may also call cloudtrail:LookupEvents and the IAM policy simulator in the accounts concerned, ' +
  'then run `credsweep report FINDINGS.json` on saved findings';

function addGap(result: ScanResult, gap: EnrichmentGap): void {
  result.enrichment = [...(result.enrichment ?? []), gap];
}

// --aws-owner: the owner lookup of `credsweep keys`, attached to the findings before they are
// reported; what could not be looked up is an enrichment gap, not a coverage one.
async function addAwsOwners(result: ScanResult, flags: ScanFlags): Promise<void> {
  if (!result.findings.some((f) => keyIdOf(f) !== null)) return;
  const { owners, allProblems } = await lookupOwners(result.findings, { ...flags, region: flags.region?.[0] });
  attachOwners(result.findings, owners);
  for (const message of allProblems) addGap(result, { code: 'AWS_OWNER_LOOKUP', message, remedy: OWNER_REMEDY });
}

/**
 * Runs a scan from parsed flags and prints the report; returns the exit code. `typed` tells
 * whether the user gave a flag (then it beats the config file).
 */
export async function runScanCommand(targets: string[], given: ScanFlags, typed: (flag: string) => boolean = () => true): Promise<number> {
  const { result, coverage, state, rules, flags, format, failOn } = await executeScan(targets, given, typed);
  if (flags.awsOwner) await addAwsOwners(result, flags);
  if (flags.report !== undefined) {
    const { formatOfReportFile, incidentReport } = await import('./report-command.js');
    const ended = new Date();
    const times = { scanStartedAt: new Date(ended.getTime() - result.stats.elapsedMs).toISOString(), scanEndedAt: ended.toISOString() };
    const scope = [{ name: `scan of ${result.targets.join(', ')}`, sha256: null }];
    const report = await incidentReport(
      result.findings,
      formatOfReportFile(flags.report),
      { ...flags, region: flags.region?.[0] },
      scope,
      result.issues.map((i) => `${i.code}: ${i.message}`),
      times,
    );
    await writeOutput(report.text, flags.report);
    if (!report.complete && result.issues.length === 0) {
      addGap(result, {
        code: 'REPORT_INCOMPLETE',
        message: `the incident report ${flags.report} lacks facts AWS did not give (see its Evidence section)`,
        remedy: REPORT_REMEDY,
      });
    }
  }
  if (flags.manifest !== undefined) await writeOutput(`${JSON.stringify(coverage, null, 2)}\n`, flags.manifest);
  if (flags.state !== undefined) await saveState(flags.state, state, stateAws(flags));
  const toTerminal = flags.output === undefined && useColor(process.stdout);
  const text = reporters[format](result, {
    showSecrets: flags.showSecrets,
    color: format === 'text' && flags.color && toTerminal,
    toolVersion: toolVersion(),
    rules,
    versionControl: findVersionControl(result.targets),
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
    .argument(
      '[targets...]',
      'paths, git bundles, https:// git URLs, codecommit://REGION/REPO, codecommit://REGION/*, codecommit://* or s3://BUCKET/PREFIX; - reads stdin',
      [],
    )
    .option('--no-history', 'scan the files on disk, not the git history')
    .option('--staged', 'scan only what is staged for the next commit (lines it adds), as a pre-commit hook does', false)
    .option('--since-commit <rev>', 'scan only the lines added by commits after REV (REV..HEAD), e.g. in CI')
    .option('--log-opts <args>', 'scan only the lines added by the commits these `git log` arguments select, e.g. "main..feature"')
    .option('--pre-push', 'scan the commits being pushed, read from stdin as a pre-push hook receives them', false)
    // Choices make commander list the values in --help and refuse others; .credsweep.yaml's
    // values are checked again where the config is applied.
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(reporters)).default('text'))
    .option('-o, --output <file>', 'write the report to a file (mode 0600)')
    .option('--show-secrets', 'print secrets whole instead of redacted', false)
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity of a secret that makes the exit code 1 (or none)')
        .choices(SEVERITIES)
        .default('low'),
    )
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
    .option(
      '--config <file>',
      'settings file (default: .credsweep.yaml in the first directory target, applied only as --trust-target-config says)',
    )
    .option(
      '--trust-target-config',
      "apply the target's own .credsweep.yaml and .credsweepignore (always applied by --staged, --since-commit, --log-opts and --pre-push; a leaked clone's are not)",
      false,
    )
    .option(
      '--git-token <token>',
      'token for https:// repository targets (or set CREDSWEEP_GIT_TOKEN, which stays out of the process list)',
    )
    .option('--git-user <name>', 'user name sent with --git-token', 'x-access-token')
    .option('--profile <name>', 'AWS profile for codecommit:// and s3:// targets (default: the SDK credential chain)')
    .option('--role-arn <arn...>', 'roles to assume, one per account, to sweep codecommit:// targets across an organisation')
    .option(
      '--region <region...>',
      'regions codecommit://* sweeps (default: every region with CodeCommit); the first is also where s3:// buckets are asked for',
    )
    .option('--concurrency <n>', 'repositories or S3 objects fetched and scanned at once (default 4)')
    .option(
      '--max-archive-depth <n>',
      'open archives inside archives this many levels deep (on disk, in history, in s3:// objects); 0 leaves archives on disk and in history shut',
      '4',
    )
    .option(
      '--max-archive-bytes <size>',
      'stop reading an archive once it expands past this, every level together (archive bombs); the scan is then incomplete',
      '4GB',
    )
    .option('--decode-depth <n>', 'undo this many layers of base64, hex and percent-encoding and scan again (0: off)', '2')
    .option(
      '--state <file>',
      'nightly sweep: scan only what is new since the run that wrote FILE (or s3://BUCKET/KEY), still reporting its open findings (written back; a file gets mode 0600)',
    )
    .option('--shard <i/n>', 'scan only shard I of N of the repositories a sweep lists (split deterministically by name)')
    .option(
      '--manifest <file>',
      'write a coverage manifest: every target, whether it was scanned, failed or left to another shard, and why',
    )
    .option('--endpoint-url <url>', 'AWS API endpoint for codecommit:// and s3:// targets (VPC endpoints, test servers)')
    .option('--report <file>', 'also write the incident report (credsweep report) to FILE: .html, .json, else Markdown')
    .option(
      '--aws-owner',
      'look up the owner of every AWS key id found (account, IAM user, status, last use), as `credsweep keys` does',
      false,
    )
    .option('--canary-account <id...>', 'with --aws-owner: accounts of canary tokens, reported and never looked into')
    .option('--baseline <file>', 'report only findings not in this baseline (credsweep baseline, credsweep JSON or gitleaks JSON report)')
    .action(async (targets: string[], flags: ScanFlags, command: Command) =>
      setExit(await runScanCommand(targets, flags, (flag) => command.getOptionValueSource(flag) === 'cli')),
    );
}
