// `credsweep merge FILE...`: the findings (`-f json -o`) and manifests (`--manifest`) of the
// shards of a sweep, merged into one report and one manifest. Exit codes as `scan`: 3 when a
// target failed or was incomplete, or no shard claimed it (a shard's output is missing), else 1
// for findings at or above --fail-on, else 0.
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { loadBuiltinRulesQuickly } from '../detect/builtin-rules.js';
import { reporters } from '../report/index.js';
import type { CoverageManifest } from '../scan/coverage.js';
import { mergeFindings, mergeManifests, unclaimed } from '../scan/merge-shards.js';
import { UsageError } from '../errors.js';
import type { Finding, ScanIssue, ScanResult } from '../types.js';
import { exitCodeForScan } from './exit-code.js';
import { isFindingsReport } from './read-findings.js';
import { parseChoice, parseFailOn, SEVERITIES } from './option-parsers.js';
import { summaryLine } from './summary-line.js';
import { toolVersion } from './version.js';
import { writeOutput } from './write-output.js';

// A merged report has no counts of its own (each shard's are in its summary), so only the formats
// that do not print them.
const FORMATS = ['json', 'jsonl', 'csv', 'sarif'] as const;

interface MergeFlags {
  format: string;
  output?: string;
  manifest?: string;
  failOn: string;
  showSecrets: boolean;
  quiet: boolean;
}

function readInput(file: string): { findings?: Finding[]; manifest?: CoverageManifest } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError('USAGE_BAD_INPUT', `${file} cannot be read as JSON: ${(err as Error).message}`, { file });
  }
  if (isFindingsReport(data)) return { findings: data };
  const m = data as Partial<CoverageManifest>;
  if (m && m.version === 1 && Array.isArray(m.targets)) return { manifest: data as CoverageManifest };
  throw new UsageError('USAGE_BAD_INPUT', `${file} is neither a credsweep JSON report (-f json) nor a coverage manifest (--manifest)`, {
    file,
  });
}

// What a merged manifest says could not be trusted, as issues of the merged run.
function issuesOf(manifest: CoverageManifest): ScanIssue[] {
  const issues = manifest.targets.flatMap((t) =>
    t.status === 'failed' || t.status === 'incomplete'
      ? t.issues.length > 0
        ? t.issues
        : [{ code: 'TARGET_INCOMPLETE', message: t.status, path: t.target }]
      : [],
  );
  for (const t of unclaimed(manifest)) {
    issues.push({ code: 'SHARD_MISSING', message: 'every shard left it to another: a shard output is missing', path: t.target });
  }
  return [...issues, ...manifest.otherIssues];
}

/** Runs the merge; returns the exit code. */
export async function runMergeCommand(files: string[], flags: MergeFlags): Promise<number> {
  if (files.length === 0) throw new UsageError('USAGE_NO_INPUT', 'merge needs the JSON reports and/or manifests of the shards');
  const format = parseChoice('--format', flags.format, FORMATS);
  const failOn = parseFailOn(flags.failOn);
  const inputs = files.map(readInput);
  const findings = mergeFindings(inputs.flatMap((i) => (i.findings ? [i.findings] : [])));
  const manifests = inputs.flatMap((i) => (i.manifest ? [i.manifest] : []));
  const manifest = manifests.length > 0 ? mergeManifests(manifests) : null;
  const result: ScanResult = {
    findings,
    stats: { objects: 0, blobs: 0, bytes: 0, skippedTooLarge: 0, skippedBinary: 0, suppressed: 0, elapsedMs: 0 },
    issues: manifest ? issuesOf(manifest) : [],
    targets: manifest ? manifest.targets.map((t) => t.target) : [...new Set(findings.map((f) => f.target))],
  };
  if (manifest && flags.manifest !== undefined) await writeOutput(`${JSON.stringify(manifest, null, 2)}\n`, flags.manifest);
  await writeOutput(
    reporters[format](result, {
      showSecrets: flags.showSecrets,
      color: false,
      toolVersion: toolVersion(),
      rules: await loadBuiltinRulesQuickly(),
    }),
    flags.output,
  );
  if (!flags.quiet) {
    const scope = manifest ? `; ${manifest.targets.length} targets in ${manifests.length} manifest(s)` : '';
    process.stderr.write(`credsweep merge: ${files.length} input(s)${scope}\n${summaryLine(result).replace(/ in 0 blobs \(0 B\)/, '')}\n`);
  }
  return exitCodeForScan(result, failOn);
}

/** Adds the `merge` command to the program. */
export function registerMergeCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('merge')
    .description('merge the JSON reports and coverage manifests of the shards of a sweep (--shard I/N) into one of each')
    .argument('<files...>', 'JSON reports (-f json) and manifests (--manifest) written by the shards')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('json'))
    .option('-o, --output <file>', 'write the merged report to a file (mode 0600)')
    .option('--manifest <file>', 'write the merged manifest here')
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity of a secret that makes the exit code 1 (or none)')
        .choices(SEVERITIES)
        .default('low'),
    )
    .option('--show-secrets', 'keep secrets whole where the inputs have them whole', false)
    .option('-q, --quiet', 'print only the report', false)
    .action(async (files: string[], flags: MergeFlags) => setExit(await runMergeCommand(files, flags)));
}
