// A scan from command-line flags: the config file merged in, rules chosen, targets scanned, and
// the suppressions that act on whole findings (allowed secrets, baseline) applied and counted.
// Shared by `scan` and `baseline create`.
import { applyBaseline, loadBaseline } from '../config/baseline.js';
import { checkDisabledRules } from '../config/config-file.js';
import { type FormatName, reporters } from '../report/index.js';
import { loadState, type StateAws } from '../scan/state-store.js';
import type { CoverageManifest } from '../scan/coverage.js';
import type { SweepState } from '../sources/sweep-state.js';
import { type RunResult, runScan } from '../scan/run-scan.js';
import { parseShard, type Shard } from '../sources/shard.js';
import { UsageError } from '../errors.js';
import { defaultThreads } from '../scan/default-threads.js';
import type { GitAuthProvider } from '../sources/remote/remote-url.js';
import type { Rule, ScanResult, Severity } from '../types.js';
import { filterAllowedSecrets, mergeConfig, withAllowedPaths } from './apply-config.js';
import { checkOutputs } from './check-outputs.js';
import { loadRuleSet } from './load-rules.js';
import { parseChoice, parseFailOn, parseNonNegativeInt, parsePositiveInt, parseSize } from './option-parsers.js';
import { createProgressLine } from './progress.js';
import { resolveRevisionSets } from './range-flags.js';
import { describeTargetSettings } from './suppression-list.js';
import { loadRunSettings } from './target-settings.js';
import type { Suppression } from '../scan/run-scan.js';

/** The flags of `scan` (and of `baseline create`, which takes the same). */
export interface ScanFlags {
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
  config?: string;
  baseline?: string;
  gitUser?: string;
  gitToken?: string;
  profile?: string;
  endpointUrl?: string;
  shard?: string;
  manifest?: string;
  state?: string;
  region?: string[];
  concurrency?: string;
  maxArchiveDepth?: string;
  awsOwner?: boolean;
  report?: string;
  canaryAccount?: string[];
  maxArchiveBytes?: string;
  decodeDepth?: string;
  roleArn?: string[];
  trustTargetConfig?: boolean;
}

// A token for https repositories: --git-token, else CREDSWEEP_GIT_TOKEN (which keeps it out of
// the process list). GitHub and GitLab accept any user name with a token; some servers want theirs.
function gitAuthFrom(flags: ScanFlags): GitAuthProvider | undefined {
  const token = flags.gitToken ?? process.env.CREDSWEEP_GIT_TOKEN;
  if (!token) return undefined;
  const auth = { username: flags.gitUser ?? 'x-access-token', password: token };
  return () => auth;
}

function shardFrom(text: string): Shard {
  const shard = parseShard(text);
  if (!shard) throw new UsageError('USAGE_BAD_VALUE', `--shard: "${text}" is not I/N with 1 <= I <= N (e.g. 2/8)`);
  return shard;
}

/** What a finished scan hands to whoever prints it. */
export interface ExecutedScan {
  result: ScanResult;
  /** What each target became (scanned, failed, other shard), for --manifest. */
  coverage: CoverageManifest;
  /** The sweep state to keep, for --state. */
  state: SweepState;
  rules: Rule[];
  /** The flags after the config file's defaults were applied. */
  flags: ScanFlags;
  format: FormatName;
  failOn: Severity | 'none';
}

/**
 * Runs a scan from parsed flags with the config file applied, and every suppression counted.
 * `typed` tells whether the user gave a flag (then it beats the config file).
 */
/** The largest --max-blob-size: blobs are scanned whole, and RE2 takes at most 2^31 - 1 bytes. */
const MAX_BLOB_SIZE = 2 ** 31 - 1;

/** How to reach S3 for `--state s3://…`, from the same flags as the AWS targets. */
export function stateAws(flags: ScanFlags): StateAws {
  return { profile: flags.profile, endpointUrl: flags.endpointUrl, ...(flags.region?.[0] ? { region: flags.region[0] } : {}) };
}

export async function executeScan(
  targets: string[],
  given: ScanFlags,
  typed: (flag: string) => boolean,
  beforeThreads?: (objects: number) => void,
): Promise<ExecutedScan> {
  const list = targets.length > 0 ? targets : ['.'];
  const settings = loadRunSettings(list, given);
  const { config } = settings;
  const flags = mergeConfig(given, config, typed);
  checkOutputs([
    { flag: '-o', file: flags.output },
    { flag: '--report', file: flags.report },
    { flag: '--manifest', file: flags.manifest },
    { flag: '--state', file: flags.state },
  ]);
  const format = parseChoice('--format', flags.format, Object.keys(reporters) as FormatName[]);
  const failOn = parseFailOn(flags.failOn);
  const maxBlobSize = parseSize('--max-blob-size', flags.maxBlobSize);
  // The regex engine indexes a blob with 32-bit offsets: a larger blob aborted the process.
  if (maxBlobSize > MAX_BLOB_SIZE) {
    throw new UsageError(
      'USAGE_BAD_VALUE',
      `--max-blob-size: ${flags.maxBlobSize} is over the largest blob credsweep can scan (2GB less one byte)`,
    );
  }
  const threads = flags.threads ? parsePositiveInt('--threads', flags.threads) : defaultThreads();
  // Intel rules run only when asked: they describe the environment rather than open it, and a
  // pre-commit hook or CI gate wants neither their time nor their lines.
  let rules: Rule[] = [];
  const loadRules = async () => {
    // Only the SARIF report shows the rules' documentation.
    const loaded = await loadRuleSet(flags.rules, flags.builtinRules, { docs: format === 'sarif' });
    checkDisabledRules(config, new Set(loaded.map((r) => r.id)));
    const disabled = new Set(config.disabledRules.map((d) => d.id));
    rules = loaded.filter((r) => (flags.intel || r.kind === 'secret') && !disabled.has(r.id));
    return rules;
  };
  // A staged change's claim starts git, which then works out the change while the rules load
  // (some 25 ms of a pre-commit hook); any other scan knows its rules are sound before it starts.
  if (!flags.staged) await loadRules();
  const baseline = flags.baseline === undefined ? null : loadBaseline(flags.baseline);
  const stdin = () => process.stdin;
  const revisionSets = await resolveRevisionSets(flags, stdin);
  const suppressions: Suppression[] = [];
  const progress = createProgressLine(process.stderr, flags.progress && !flags.quiet);
  let run: RunResult;
  try {
    run = await runScan({
      targets: list,
      history: flags.history,
      staged: flags.staged ?? false,
      revisionSets,
      gitAuth: gitAuthFrom(flags),
      ...(flags.state === undefined ? {} : { state: await loadState(flags.state, stateAws(flags)) }),
      ...(beforeThreads ? { beforeThreads } : {}),
      aws: {
        profile: flags.profile,
        endpointUrl: flags.endpointUrl,
        regions: flags.region,
        roleArns: flags.roleArn,
        concurrency: flags.concurrency ? parsePositiveInt('--concurrency', flags.concurrency) : undefined,
        shard: flags.shard === undefined ? undefined : shardFrom(flags.shard),
      },
      archive: {
        maxDepth: parseNonNegativeInt('--max-archive-depth', flags.maxArchiveDepth ?? '4', 32),
        maxExpandedBytes: parseSize('--max-archive-bytes', flags.maxArchiveBytes ?? '4GB'),
      },
      rules: flags.staged ? loadRules : rules,
      maxBlobSize,
      decodeDepth: parseNonNegativeInt('--decode-depth', flags.decodeDepth ?? '2'),
      threads,
      followSymlinks: flags.followSymlinks,
      ignore: withAllowedPaths(settings.ignore, config),
      onSuppressed: (s) => suppressions.push(s),
      stdin,
      onProgress: progress.update,
    });
  } finally {
    progress.stop();
  }
  // Suppressions that act on whole findings; each is counted, never dropped without a trace.
  const { coverage, state, ...scanned } = run;
  const allowed = filterAllowedSecrets(scanned.findings, config);
  const known = baseline === null ? { kept: allowed.kept, baselined: 0 } : applyBaseline(allowed.kept, baseline);
  const kept = new Set(known.kept);
  const baselineBy = `baseline ${flags.baseline}${given.baseline === undefined ? ` named by ${config.file}` : ''}`;
  for (const f of allowed.allowed) suppressions.push({ rule: f.rule, file: f.file, line: f.line, by: `allowSecrets of ${config.file}` });
  for (const f of allowed.kept) if (!kept.has(f)) suppressions.push({ rule: f.rule, file: f.file, line: f.line, by: baselineBy });
  if (!flags.quiet) process.stderr.write(describeTargetSettings(settings.notApplied, settings.applied, suppressions));
  const suppressed = scanned.stats.suppressed + allowed.allowed.length + known.baselined;
  const result: ScanResult = { ...scanned, findings: known.kept, stats: { ...scanned.stats, suppressed } };
  return { result, coverage, state, rules, flags, format, failOn };
}
