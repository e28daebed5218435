// The owner of every AWS key id in a set of findings (`keys`, `scan --aws-owner`, `report`,
// `revoke`), and the `aws` object it gives each finding. Facts are added, findings never changed
// otherwise; what could not be looked up is a problem, named by its key.
import type { KeyOwner, OurAccounts, OwnerLookupOptions, Verification } from '../aws/key-owner.js';
import type { AwsKeyInfo, Finding } from '../types.js';
import { keyIdOf } from './key-id-of.js';

/** What the owner lookup learned. */
export interface OwnerLookup {
  owners: KeyOwner[];
  accounts: OurAccounts;
  /** The lookup's own problems (our accounts), without those of single keys. */
  problems: string[];
  /** Every problem, a key's own named by the key. */
  allProblems: string[];
  notes: string[];
}

/** The owner of every AWS key id in `findings`. */
export async function lookupOwners(findings: Finding[], options: OwnerLookupOptions): Promise<OwnerLookup> {
  const ids = findings.map(keyIdOf).filter((id): id is string => id !== null);
  // The SDK loads only here (start-up of every other command).
  const { lookupKeyOwners, ourAccounts } = await import('../aws/key-owner.js');
  const problems: string[] = [];
  const notes: string[] = [];
  const accounts: OurAccounts = ids.length === 0 ? [] : await ourAccounts(options, problems, notes);
  const owners = await lookupKeyOwners(ids, accounts, options);
  const allProblems = [...problems, ...owners.flatMap((o) => o.problems.map((p) => `${o.accessKeyId}: ${p}`))];
  return { problems, allProblems, notes, accounts, owners };
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

/** Gives each finding that names a key the `aws` object of its owner (and --verify's answer). */
export function attachOwners(findings: Finding[], owners: KeyOwner[], checks = new Map<string, Verification>()): void {
  const byId = new Map(owners.map((o) => [o.accessKeyId, o]));
  for (const f of findings) {
    const id = keyIdOf(f) ?? '';
    const owner = byId.get(id);
    if (owner) f.aws = awsInfo(owner, checks.get(id));
  }
}
