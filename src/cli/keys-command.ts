// `credsweep keys [findings.json | TARGET...]`: every AWS access key id in a report (or in a scan
// of the targets) mapped to its account, and in our accounts to its IAM user, status, creation,
// last use and the user's tags. Prints a table, or the findings with an `aws` object (-f json).
// Exit 3 when something could not be looked up, as a scan that could not read everything.
import { type Command, Option } from 'commander';
import type { KeyOwner, Verification } from '../aws/key-owner.js';
import { attachOwners, lookupOwners } from '../enrich/aws-owners.js';
import { verifyAll } from '../enrich/verify.js';
import { type AwsActionFlags, lookupOptions, withAwsOptions } from './aws-flags.js';
import { EXIT } from './exit-code.js';
import { findingsFrom } from './findings-input.js';
import { parseChoice } from './option-parsers.js';
import { writeOutput } from './write-output.js';

const EMPTY_STATS = { objects: 0, blobs: 0, bytes: 0, skippedTooLarge: 0, skippedBinary: 0, suppressed: 0, elapsedMs: 0 };

interface KeysFlags extends AwsActionFlags {
  verify: boolean;
  showSecrets: boolean;
  format: string;
  output?: string;
  quiet: boolean;
}

function verdict(v: Verification | undefined): string {
  if (!v) return '';
  if (v.verified === 'valid') return `  LIVE: the leaked pair signs as ${v.arn}`;
  if (v.verified === 'invalid') return `  pair rejected by AWS (${v.detail})`;
  return `  live? unknown (${v.detail})`;
}

function table(owners: KeyOwner[], problems: string[], notes: string[], checks: Map<string, Verification>): string {
  const lines = [`AWS ACCESS KEYS (${owners.length})`];
  for (const o of owners) {
    const account = o.account
      ? `${o.account} (${o.relation}${o.accountSource === 'decoded' ? ', decoded from the id' : ''})`
      : 'account unknown';
    const iam = o.user
      ? `user ${o.user}, ${o.status ?? 'status unknown'}, created ${o.created ?? '?'}`
      : o.kind === 'temporary'
        ? 'temporary key'
        : 'no IAM details';
    const used = o.lastUsed
      ? `last used ${o.lastUsed}${o.lastUsedService ? ` (${o.lastUsedService}, ${o.lastUsedRegion ?? '?'})` : ''}`
      : 'never used or unknown';
    const tags = Object.entries(o.tags)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    lines.push(`  ${o.accessKeyId}  ${account}  ${iam}  ${used}${tags ? `  tags: ${tags}` : ''}${verdict(checks.get(o.accessKeyId))}`);
    for (const n of o.notes) lines.push(`      note: ${n}`);
    for (const p of o.problems) lines.push(`      INCOMPLETE: ${p}`);
  }
  if (owners.some((o) => o.relation === 'unknown' && o.account !== null)) {
    lines.push(
      'INCOMPLETE: whose keys these are cannot be told while our own accounts are unknown: give credentials (--profile, the environment, or aws sso login) and name our other accounts with --role-arn',
    );
  }
  for (const n of notes) lines.push(`note: ${n}`);
  for (const p of problems) lines.push(`INCOMPLETE: ${p}`);
  return `${lines.join('\n')}\n`;
}

async function runKeys(inputs: string[], flags: KeysFlags): Promise<number> {
  const format = parseChoice('--format', flags.format, ['text', 'json'] as const);
  const { findings, incomplete } = await findingsFrom(inputs);
  const options = lookupOptions(flags);
  const { problems, allProblems, notes, owners } = await lookupOwners(findings, options);
  // Only with --verify is the leaked secret itself ever used.
  const checks = flags.verify ? await verifyAll(findings, owners, options) : new Map<string, Verification>();
  attachOwners(findings, owners, checks);
  // Redacted like scan's output unless --show-secrets: a keys report goes into tickets too.
  const { json } = await import('../report/json.js');
  // A report written by hand or by an older version may lack a snippet; it is printed as empty.
  const shown = findings.map((f) => ({ ...f, snippet: f.snippet ?? '' }));
  const out =
    format === 'json'
      ? json(
          { findings: shown, stats: EMPTY_STATS, issues: [], targets: [] },
          { showSecrets: flags.showSecrets, color: false, toolVersion: '', rules: [] },
        )
      : table(owners, problems, notes, checks);
  await writeOutput(out, flags.output);
  return incomplete || allProblems.length > 0 ? EXIT.incomplete : EXIT.clean;
}

/** Adds the `keys` command to the program. */
export function registerKeysCommand(program: Command, setExit: (code: number) => void): void {
  withAwsOptions(
    program
      .command('keys')
      .description('map every AWS access key id found to its account and, in our accounts, its IAM user, status and last use')
      .argument('[inputs...]', 'JSON reports (scan -f json -o FILE), or targets to scan', ['.']),
  )
    .option(
      '--verify',
      'also check whether each leaked key pair is live: sts:GetCallerIdentity signed with it (user agent credsweep-verify)',
      false,
    )
    .addOption(
      new Option('-f, --format <format>', 'text (a table) or json (the findings with an aws object, secrets redacted)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--show-secrets', 'print secrets whole in -f json (default: redacted)', false)
    .option('-o, --output <file>', 'write to a file (mode 0600)')
    .option('-q, --quiet', 'print only the output', false)
    .action(async (inputs: string[], flags: KeysFlags) => setExit(await runKeys(inputs, flags)));
}
