// Who owns an exposed AWS access key, found with the defender's own credentials (src/README.md
// "AWS"): sts:GetAccessKeyInfo names the account of any key id; in an account of ours (the
// caller's, or one reached through a --role-arn), IAM names the user, the key's status, creation
// and last use, and the user's tags. The leaked secret itself is never used here.
import {
  GetAccessKeyLastUsedCommand,
  type GetAccessKeyLastUsedCommandOutput,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetAccessKeyInfoCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type AwsOptions, accountOfRole, assumeRole, clientSettings } from './clients.js';
import type { AwsCredentials } from './codecommit-git-credentials.js';
import { awsErrorText } from './aws-error.js';
import { type AccountSource, decodeAccount, keyKind } from './key-id.js';
import { findSessionIssuer, type SessionIssuer } from './session-issuer.js';

/** The inline policy credsweep puts on a role or user to end its sessions issued before a time. */
export const SESSION_DENY_POLICY = 'credsweep-revoke-older-sessions';

// The time in credsweep's session-deny policy on the issuer, or null when it has none.
async function deniedBefore(iam: IAMClient, issuer: SessionIssuer): Promise<string | null> {
  try {
    const out =
      issuer.type === 'Role'
        ? await iam.send(new GetRolePolicyCommand({ RoleName: issuer.name, PolicyName: SESSION_DENY_POLICY }))
        : await iam.send(new GetUserPolicyCommand({ UserName: issuer.name, PolicyName: SESSION_DENY_POLICY }));
    // IAM returns policy documents URL-encoded.
    const doc = JSON.parse(decodeURIComponent(out.PolicyDocument ?? '{}')) as {
      Statement?: Array<{ Condition?: { DateLessThan?: Record<string, string> } }>;
    };
    return doc.Statement?.[0]?.Condition?.DateLessThan?.['aws:TokenIssueTime'] ?? null;
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchEntityException' || (err as { name?: string }).name === 'NoSuchEntity') return null;
    throw err;
  }
}

/** Everything learned about one key id. */
export interface KeyOwner {
  accessKeyId: string;
  kind: 'long-term' | 'temporary' | 'other';
  account: string | null;
  /** `sts`: from sts:GetAccessKeyInfo; `decoded`: read from the id, no AWS call could be made. */
  accountSource: AccountSource | null;
  /** `ours`: the caller's account or a --role-arn account; `canary`: a canary-token account (never touched). */
  relation: 'ours' | 'third-party' | 'canary' | 'unknown';
  user: string | null;
  status: string | null;
  created: string | null;
  /** How many access keys the user has (IAM allows two). */
  userKeys: number | null;
  /** The user's keys as IAM lists them, this one included. */
  userKeyList: Array<{ id: string; status: string }> | null;
  lastUsed: string | null;
  lastUsedService: string | null;
  lastUsedRegion: string | null;
  tags: Record<string, string>;
  /** For a temporary key of ours: the role or user its session was issued for (CloudTrail). */
  sessionIssuer: SessionIssuer | null;
  /** When the issuer already denies sessions issued before a time (credsweep's policy): that time. */
  sessionsDeniedBefore: string | null;
  /** What could not be learned, and why: the lookup is incomplete. */
  problems: string[];
  /** What a responder should know that is not a failure. */
  notes: string[];
}

/** How to look keys up. */
export interface OwnerLookupOptions extends AwsOptions {
  region: string;
  /** Roles to assume, one per account of ours besides the caller's. */
  roleArns?: string[];
  /** Accounts of canary tokens: reported as such, never looked into or acted on. */
  canaryAccounts?: string[];
}

/** An account of ours and how to reach its IAM. */
export interface OurAccount {
  id: string;
  /** Undefined: the caller's own credentials. */
  credentials: AwsCredentials | undefined;
  /** False for an account known only from AWS Organizations, or whose --role-arn could not be assumed. */
  reachable: boolean;
  /** Why it is not reachable, for people. */
  unreachable?: string;
}

/** Our accounts, and whether the caller's own is among them (without it, "not ours" cannot be said). */
export type OurAccounts = OurAccount[] & { callerKnown?: boolean };

// The organisation's accounts, when the caller may list them (the management account or a
// delegated administrator); anywhere else Organizations says no, which is no problem.
async function organizationAccounts(options: OwnerLookupOptions, notes: string[]): Promise<string[]> {
  const client = new OrganizationsClient(clientSettings(options.region, options));
  try {
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client }, {})) for (const a of page.Accounts ?? []) if (a.Id) ids.push(a.Id);
    return ids;
  } catch (err) {
    notes.push(`the organisation's accounts are not known (${awsErrorText(err)}): only the caller's and --role-arn accounts count as ours`);
    return [];
  } finally {
    client.destroy();
  }
}

/** What signing a call with the leaked pair itself said (`--verify`). */
export interface Verification {
  verified: 'valid' | 'invalid' | 'unknown';
  /** The identity the pair signs as, when valid. */
  arn: string | null;
  detail: string | null;
}

/** User agent of verification calls, so a SOC can tell them from an attacker's in CloudTrail. */
export const VERIFY_USER_AGENT = 'credsweep-verify';

// Errors that mean AWS rejected the pair itself; anything else (throttling, network) says nothing.
const REJECTED = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'InvalidClientTokenIdException',
  'SignatureDoesNotMatchException',
  'AccessDenied',
  'ExpiredToken',
]);

/**
 * Signs sts:GetCallerIdentity with the leaked pair (which needs no permission): valid, invalid
 * (AWS rejected it), or unknown (throttled, unreachable).
 */
export async function verifyKeyPair(
  accessKeyId: string,
  secretAccessKey: string,
  options: OwnerLookupOptions,
  sessionToken?: string,
): Promise<Verification> {
  const client = new STSClient({
    ...clientSettings(options.region, options, { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }),
    customUserAgent: VERIFY_USER_AGENT,
    maxAttempts: 2,
  });
  try {
    const me = await client.send(new GetCallerIdentityCommand({}));
    return { verified: 'valid', arn: me.Arn ?? null, detail: null };
  } catch (err) {
    const e = err as { name?: string; Code?: string; message?: string };
    const code = e.Code ?? e.name ?? '';
    return REJECTED.has(code)
      ? { verified: 'invalid', arn: null, detail: code }
      : { verified: 'unknown', arn: null, detail: `${code}: ${e.message ?? ''}` };
  } finally {
    client.destroy();
  }
}

/** An IAM client in one of our accounts. */
export function iamClient(options: OwnerLookupOptions, account: OurAccount): IAMClient {
  return new IAMClient(clientSettings(options.region, options, account.credentials));
}

/**
 * The caller's account, each --role-arn account, and the organisation's accounts when the caller
 * may list them; a role that cannot be assumed is a problem, an unlistable organisation a note.
 */
export async function ourAccounts(options: OwnerLookupOptions, problems: string[], notes: string[] = []): Promise<OurAccounts> {
  const out: OurAccounts = [];
  out.callerKnown = false;
  const sts = new STSClient(clientSettings(options.region, options));
  try {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    if (me.Account) out.push({ id: me.Account, credentials: undefined, reachable: true });
    out.callerKnown = me.Account !== undefined;
  } catch (err) {
    problems.push(`the caller's account is unknown (sts:GetCallerIdentity failed: ${awsErrorText(err)})`);
  } finally {
    sts.destroy();
  }
  for (const role of options.roleArns ?? []) {
    const id = accountOfRole(role);
    try {
      const credentials = await assumeRole(role, options.region, options);
      if (id && !out.some((a) => a.id === id)) out.push({ id, credentials, reachable: true });
    } catch (err) {
      problems.push(`role ${role} could not be assumed: ${awsErrorText(err)}`);
      // Still ours: its keys are ours and unreachable, never a third party's.
      if (id && !out.some((a) => a.id === id))
        out.push({ id, credentials: undefined, reachable: false, unreachable: `role ${role} could not be assumed (${awsErrorText(err)})` });
    }
  }
  for (const id of await organizationAccounts(options, notes)) {
    if (!out.some((a) => a.id === id)) out.push({ id, credentials: undefined, reachable: false });
  }
  return out;
}

const isNoSuchEntity = (err: unknown) => ['NoSuchEntityException', 'NoSuchEntity'].includes((err as { name?: string }).name ?? '');

async function lookInIam(owner: KeyOwner, iam: IAMClient): Promise<void> {
  let used: GetAccessKeyLastUsedCommandOutput;
  try {
    used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: owner.accessKeyId }));
  } catch (err) {
    // In an account of ours, IAM not knowing the key means it was deleted.
    if (!isNoSuchEntity(err)) throw err;
    owner.status = 'Deleted';
    owner.notes.push('IAM has no such key (NoSuchEntity): it was deleted');
    return;
  }
  owner.user = used.UserName ?? null;
  owner.lastUsed = used.AccessKeyLastUsed?.LastUsedDate?.toISOString() ?? null;
  const service = used.AccessKeyLastUsed?.ServiceName;
  const region = used.AccessKeyLastUsed?.Region;
  owner.lastUsedService = service && service !== 'N/A' ? service : null;
  owner.lastUsedRegion = region && region !== 'N/A' ? region : null;
  if (!owner.user) return;
  const keys = await iam.send(new ListAccessKeysCommand({ UserName: owner.user }));
  const mine = keys.AccessKeyMetadata?.find((k) => k.AccessKeyId === owner.accessKeyId);
  owner.status = mine?.Status ?? null;
  owner.created = mine?.CreateDate?.toISOString() ?? null;
  owner.userKeys = keys.AccessKeyMetadata?.length ?? null;
  owner.userKeyList = (keys.AccessKeyMetadata ?? []).map((k) => ({ id: k.AccessKeyId ?? '', status: k.Status ?? '' }));
  const tags = await iam.send(new ListUserTagsCommand({ UserName: owner.user }));
  for (const t of tags.Tags ?? []) if (t.Key) owner.tags[t.Key] = t.Value ?? '';
}

function blankOwner(accessKeyId: string): KeyOwner {
  return {
    accessKeyId,
    kind: keyKind(accessKeyId),
    account: null,
    accountSource: null,
    relation: 'unknown',
    user: null,
    status: null,
    created: null,
    userKeys: null,
    userKeyList: null,
    lastUsed: null,
    lastUsedService: null,
    lastUsedRegion: null,
    tags: {},
    sessionIssuer: null,
    sessionsDeniedBefore: null,
    problems: [],
    notes: [],
  };
}

// The key's account from STS; when STS cannot be asked, decoded from the id itself.
async function findAccount(owner: KeyOwner, sts: STSClient): Promise<void> {
  try {
    owner.account = (await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: owner.accessKeyId }))).Account ?? null;
    owner.accountSource = owner.account ? 'sts' : null;
  } catch (err) {
    owner.account = decodeAccount(owner.accessKeyId);
    owner.accountSource = owner.account ? 'decoded' : null;
    owner.problems.push(
      `sts:GetAccessKeyInfo failed (${awsErrorText(err)})${owner.account ? '; the account was decoded from the key id' : ''}`,
    );
  }
}

// "Not ours" is known only when our own account is: otherwise the key's owner is unknown.
function relationOf(account: string, accounts: OurAccounts, canary: Set<string>): KeyOwner['relation'] {
  if (canary.has(account)) return 'canary';
  if (accounts.some((a) => a.id === account)) return 'ours';
  return accounts.callerKnown === false ? 'unknown' : 'third-party';
}

/** One IAM client per account of ours, made when first needed. */
type IamFor = (account: OurAccount) => IAMClient;

// A temporary key has no IAM entry: CloudTrail names the role or user its session was issued
// for, and whether credsweep already denies that issuer's older sessions.
async function traceSession(owner: KeyOwner, ours: OurAccount, iamFor: IamFor, options: OwnerLookupOptions): Promise<void> {
  try {
    owner.sessionIssuer = await findSessionIssuer(owner.accessKeyId, ours, options);
    if (owner.sessionIssuer) owner.sessionsDeniedBefore = await deniedBefore(iamFor(ours), owner.sessionIssuer);
    owner.notes.push(
      owner.sessionIssuer
        ? `a temporary key of a session of ${owner.sessionIssuer.type === 'Role' ? 'role' : 'IAM user'} ${owner.sessionIssuer.name} (CloudTrail)`
        : 'a temporary key CloudTrail has no call from (90 days of management events): its session could not be traced',
    );
  } catch (err) {
    owner.problems.push(`CloudTrail in ${ours.id} could not be read to trace the session: ${awsErrorText(err)}`);
  }
}

// What our own account tells of one of its keys; a failure is the key's problem.
async function lookInOurAccount(owner: KeyOwner, ours: OurAccount, iamFor: IamFor, options: OwnerLookupOptions): Promise<void> {
  if (!ours.reachable) {
    owner.problems.push(
      ours.unreachable
        ? `account ${ours.id} is ours, but ${ours.unreachable}`
        : `account ${ours.id} is in the organisation, but no --role-arn reaches its IAM`,
    );
    return;
  }
  if (owner.kind === 'temporary') return traceSession(owner, ours, iamFor, options);
  try {
    await lookInIam(owner, iamFor(ours));
  } catch (err) {
    owner.problems.push(`IAM in ${ours.id} could not be read: ${awsErrorText(err)}`);
  }
}

/** Looks up every key id; `accounts` are ours (from {@link ourAccounts}). Never throws for one key. */
export async function lookupKeyOwners(ids: string[], accounts: OurAccounts, options: OwnerLookupOptions): Promise<KeyOwner[]> {
  const canary = new Set(options.canaryAccounts ?? []);
  const sts = new STSClient(clientSettings(options.region, options));
  const iams = new Map<string, IAMClient>();
  const iamFor: IamFor = (account) => {
    const made = iams.get(account.id) ?? iamClient(options, account);
    iams.set(account.id, made);
    return made;
  };
  try {
    const out: KeyOwner[] = [];
    for (const accessKeyId of [...new Set(ids)].sort()) {
      const owner = blankOwner(accessKeyId);
      out.push(owner);
      await findAccount(owner, sts);
      if (owner.account === null) continue;
      owner.relation = relationOf(owner.account, accounts, canary);
      const ours = accounts.find((a) => a.id === owner.account);
      if (owner.relation === 'ours' && ours) await lookInOurAccount(owner, ours, iamFor, options);
    }
    return out;
  } finally {
    sts.destroy();
    for (const c of iams.values()) c.destroy();
  }
}
