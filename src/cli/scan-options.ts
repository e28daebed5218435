// The options of `scan`, declared once: the command takes them, and the commands that scan on
// the way to something else (keys, report, revoke, demo) start from their defaults instead of
// rebuilding the flags by hand.
import { Command, Option } from 'commander';
import { reporters } from '../report/index.js';
import type { ScanFlags } from './execute-scan.js';
import { SEVERITIES } from './option-parsers.js';

/** Adds every option of `scan` to `command`. */
export function addScanOptions(command: Command): Command {
  return (
    command
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
  );
}

/** The flags `scan` gets when no option is typed, with `overrides` on top. */
export function defaultScanFlags(overrides: Partial<ScanFlags> = {}): ScanFlags {
  const command = addScanOptions(new Command()).exitOverride();
  command.parse([], { from: 'user' });
  return { ...command.opts<ScanFlags>(), ...overrides };
}
