// `credsweep keys [findings.json | TARGET...]`: every AWS access key id in a report (or in a scan
// of the targets) mapped to its account, and in our accounts to its IAM user, status, creation,
// last use and the user's tags. Prints a table, or the findings with an `aws` object (-f json).
// Exit 3 when something could not be looked up, as a scan that could not read everything.
import { type Command, Option } from 'commander';
import type { KeyOwner, OwnerLookupOptions, Verification } from '../aws/key-owner.js';
import type { AwsKeyInfo, Finding } from '../types.js';
import { EXIT } from './exit-code.js';
import { executeScan, type ScanFlags } from './execute-scan.js';
import { parseChoice } from './option-parsers.js';
import { keyIdOf, tryReadFindings } from './read-findings.js';
import { writeOutput } from './write-output.js';
import { awsRegion } from '../aws/settings.js';

/** AWS flags shared by keys and revoke. */
export interface AwsActionFlags {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  roleArn?: string[];
  canaryAccount?: string[];
}

const EMPTY_STATS = { objects: 0, blobs: 0, bytes: 0, skippedTooLarge: 0, skippedBinary: 0, suppressed: 0, elapsedMs: 0 };

interface KeysFlags extends AwsActionFlags {
  verify: boolean;
  showSecrets: boolean;
  format: string;
  output?: string;
  quiet: boolean;
}

/** Lookup options from the flags. */
export function lookupOptions(flags: AwsActionFlags): OwnerLookupOptions {
  return {
    region: awsRegion(flags.region),
    profile: flags.profile,
    endpointUrl: flags.endpointUrl,
    roleArns: flags.roleArn ?? [],
    canaryAccounts: flags.canaryAccount ?? [],
  };
}

/** The findings of the inputs: JSON reports read back, or a scan of the targets. */
export async function findingsFrom(inputs: string[]): Promise<{ findings: Finding[]; incomplete: boolean }> {
  const reports = inputs.map(tryReadFindings);
  if (inputs.length > 0 && reports.every((r) => r !== null)) return { findings: reports.flat() as Finding[], incomplete: false };
  const flags: ScanFlags = {
    history: true,
    format: 'json',
    showSecrets: false,
    failOn: 'none',
    maxBlobSize: '50MB',
    rules: [],
    builtinRules: true,
    followSymlinks: false,
    progress: false,
    color: false,
    quiet: true,
    intel: false,
  } as ScanFlags;
  const { result } = await executeScan(inputs, flags, () => false);
  return { findings: result.findings, incomplete: result.issues.length > 0 };
}

/** A leaked pair as found: the secret whole, and a temporary key's session token. */
interface LeakedPair {
  secret: string;
  sessionToken?: string;
}

// The secret paired with each key id, where a finding holds it whole (a report written with
// --show-secrets, or a scan made here); redacted values cannot be verified. A temporary key's
// pair carries its session token, without which AWS rejects it.
function pairedSecrets(findings: Finding[]): Map<string, LeakedPair | null> {
  const out = new Map<string, LeakedPair | null>();
  for (const f of findings) {
    if (!f.identifier || f.rule !== 'aws.secret-access-key') continue;
    const whole = !f.secret.includes('…') && /^[A-Za-z0-9/+]{40}$/.test(f.secret);
    const token = f.sessionToken !== undefined && !f.sessionToken.includes('…') ? { sessionToken: f.sessionToken } : {};
    const had = out.get(f.identifier);
    if (whole && (!had || (token.sessionToken && !had.sessionToken))) out.set(f.identifier, { secret: f.secret, ...token });
    else if (had === undefined) out.set(f.identifier, null);
  }
  return out;
}

async function verifyAll(findings: Finding[], owners: KeyOwner[], options: OwnerLookupOptions): Promise<Map<string, Verification>> {
  const { verifyKeyPair } = await import('../aws/key-owner.js');
  const out = new Map<string, Verification>();
  for (const [id, pair] of pairedSecrets(findings)) {
    // A canary token's alarm goes off on any use: it is never signed with.
    if (owners.find((o) => o.accessKeyId === id)?.relation === 'canary') {
      out.set(id, { verified: 'unknown', arn: null, detail: 'a canary token: not used' });
      continue;
    }
    out.set(
      id,
      pair === null
        ? {
            verified: 'unknown',
            arn: null,
            detail: 'the secret is redacted in the report: scan with --show-secrets, or give keys the targets',
          }
        : id.startsWith('ASIA') && !pair.sessionToken
          ? {
              verified: 'unknown',
              arn: null,
              detail: 'a temporary key: its session token was not found whole beside it, and AWS rejects the pair without one',
            }
          : await verifyKeyPair(id, pair.secret, options, pair.sessionToken),
    );
  }
  return out;
}

/** The `aws` object of a finding, from what the lookup learned. */
export function awsInfo(o: KeyOwner, v?: Verification): AwsKeyInfo {
  return {
    accessKeyId: o.accessKeyId,
    account: o.account,
    user: o.user,
    status: o.status,
    created: o.created,
    lastUsed: o.lastUsed,
    verified: v?.verified ?? 'unknown',
    accountSource: o.accountSource,
    relation: o.relation,
    lastUsedService: o.lastUsedService,
    lastUsedRegion: o.lastUsedRegion,
    tags: o.tags,
  };
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

/** The inputs' findings and the owner of every AWS key id in them. */
export async function lookupKeys(inputs: string[], flags: AwsActionFlags) {
  const { findings, incomplete } = await findingsFrom(inputs);
  return { ...(await lookupOwners(findings, flags)), findings, incomplete };
}

/** The owner of every AWS key id in `findings`. */
export async function lookupOwners(findings: Finding[], flags: AwsActionFlags) {
  const ids = findings.map(keyIdOf).filter((id): id is string => id !== null);
  // The SDK loads only here (start-up of every other command).
  const { lookupKeyOwners, ourAccounts } = await import('../aws/key-owner.js');
  const options = lookupOptions(flags);
  const problems: string[] = [];
  const notes: string[] = [];
  const accounts = ids.length === 0 ? [] : await ourAccounts(options, problems, notes);
  const owners = await lookupKeyOwners(ids, accounts, options);
  // Every problem of the lookup in one list, a key's own named by the key.
  const allProblems = [...problems, ...owners.flatMap((o) => o.problems.map((p) => `${o.accessKeyId}: ${p}`))];
  return { options, problems, allProblems, notes, accounts, owners };
}

/** Gives each finding that names a key the `aws` object of its owner (and --verify's answer). */
export function attachOwners(findings: Finding[], owners: KeyOwner[], checks = new Map<string, Verification>()): void {
  const byId = new Map(owners.map((o) => [o.accessKeyId, o]));
  for (const f of findings) {
    const id = keyIdOf(f) ?? '';
    const owner = byId.get(id);
    if (owner) f.aws = awsInfo(owner, checks.get(id));
  }
}

async function runKeys(inputs: string[], flags: KeysFlags): Promise<number> {
  const format = parseChoice('--format', flags.format, ['text', 'json'] as const);
  const { findings, incomplete, problems, allProblems, notes, owners, options } = await lookupKeys(inputs, flags);
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

/** The AWS options keys and revoke share. */
export function withAwsOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS profile (default: the SDK credential chain)')
    .option('--region <region>', 'region for STS and IAM calls (default: AWS_REGION or us-east-1)')
    .option('--endpoint-url <url>', 'AWS API endpoint (VPC endpoints, test servers)')
    .option('--role-arn <arn...>', 'roles to assume in our other accounts, one per account')
    .option('--canary-account <id...>', 'accounts of canary tokens: reported, never looked into or acted on');
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
