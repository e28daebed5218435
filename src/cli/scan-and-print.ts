// A scan from parsed flags, then everything it prints and writes: the enrichments asked for
// (--aws-owner, --report), the report, the manifest, the sweep state; returns the exit code.
// `scan` runs it, and `demo` on its own repository.
import { attachOwners, lookupOwners } from '../enrich/aws-owners.js';
import { keyIdOf } from '../enrich/key-id-of.js';
import { reporters } from '../report/index.js';
import { saveState } from '../scan/state-store.js';
import type { EnrichmentGap, ScanResult } from '../types.js';
import { lookupOptions } from './aws-flags.js';
import { EXIT, exitCodeForScan } from './exit-code.js';
import { executeScan, type ScanFlags, stateAws } from './execute-scan.js';
import { stagedAdvice } from './staged-advice.js';
import { summaryLine } from './summary-line.js';
import { useColor } from './use-color.js';
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

// The AWS flags of `scan` as keys takes them: the first --region is where STS and IAM are asked.
const awsOptions = (flags: ScanFlags) => lookupOptions({ ...flags, region: flags.region?.[0] });

function addGap(result: ScanResult, gap: EnrichmentGap): void {
  result.enrichment = [...(result.enrichment ?? []), gap];
}

// --aws-owner: the owner lookup of `credsweep keys`, attached to the findings before they are
// reported; what could not be looked up is an enrichment gap, not a coverage one.
async function addAwsOwners(result: ScanResult, flags: ScanFlags): Promise<void> {
  if (!result.findings.some((f) => keyIdOf(f) !== null)) return;
  const { owners, allProblems } = await lookupOwners(result.findings, awsOptions(flags));
  attachOwners(result.findings, owners);
  for (const message of allProblems) addGap(result, { code: 'AWS_OWNER_LOOKUP', message, remedy: OWNER_REMEDY });
}

/**
 * Runs a scan from parsed flags and prints the report; returns the exit code. `typed` tells
 * whether the user gave a flag (then it beats the config file); `beforeThreads` goes to runScan.
 */
export async function runScanCommand(
  targets: string[],
  given: ScanFlags,
  typed: (flag: string) => boolean = () => true,
  beforeThreads?: (objects: number) => void,
): Promise<number> {
  const { result, coverage, state, rules, flags, format, failOn } = await executeScan(targets, given, typed, beforeThreads);
  if (flags.awsOwner) await addAwsOwners(result, flags);
  if (flags.report !== undefined) {
    const { formatOfReportFile, incidentReport } = await import('./incident-report.js');
    const ended = new Date();
    const times = { scanStartedAt: new Date(ended.getTime() - result.stats.elapsedMs).toISOString(), scanEndedAt: ended.toISOString() };
    const scope = [{ name: `scan of ${result.targets.join(', ')}`, sha256: null }];
    const report = await incidentReport(result.findings, formatOfReportFile(flags.report), awsOptions(flags), {
      inputs: scope,
      scanIssues: result.issues.map((i) => `${i.code}: ${i.message}`),
      ...times,
    });
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
