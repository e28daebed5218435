// The revocation flow behind `credsweep revoke`, apart from its flags and its printing: which
// keys the findings expose and how, whose they are, the plan (IAM's state and the audit log
// decide it), and with `apply` the checks that must pass before anything changes, then the calls.
import type { AuditEntry } from '../aws/audit-log.js';
import type { KeyOwner, OwnerLookupOptions } from '../aws/key-owner.js';
import type { Exposure, PlanStep, SecretSink } from '../aws/revoke.js';
import { UsageError } from '../errors.js';
import type { Finding } from '../types.js';
import { lookupOwners } from './aws-owners.js';
import { keyIdOf } from './key-id-of.js';

const RANK: Record<Exposure, number> = { credential: 0, candidate: 1, identifier: 2 };

/** What the findings show of each key id: its secret (or token) at high or medium confidence, a candidate pairing, or the id alone. */
export function exposures(findings: Finding[]): Map<string, Exposure> {
  const out = new Map<string, Exposure>();
  for (const f of findings) {
    const id = keyIdOf(f);
    if (id === null) continue;
    const seen: Exposure = f.rule === 'aws.access-key-id' ? 'identifier' : f.pairConfidence === 'low' ? 'candidate' : 'credential';
    const had = out.get(id);
    if (had === undefined || RANK[seen] < RANK[had]) out.set(id, seen);
  }
  return out;
}

/** The audit log's entries; a log that cannot be read is a usage error, an unreadable line is skipped and reported. */
export async function readAuditLog(file: string, onSkipped: (line: string) => void): Promise<AuditEntry[]> {
  const { readAudit } = await import('../aws/audit-log.js');
  return readAudit(file, onSkipped).catch((err: Error) => {
    throw new UsageError('USAGE_BAD_INPUT', `audit log ${file} cannot be read: ${err.message}`, { file });
  });
}

export interface RevocationInput {
  findings: Finding[];
  /** Key ids named with --key: acted on even when only the id was exposed or the pairing is a candidate. */
  named: string[];
  delete: boolean;
  rotate: boolean;
  apply: boolean;
  auditLog: { file: string; isDefault: boolean };
  audit: AuditEntry[];
  /** Where replacement secrets go, and how the user named it (for messages). */
  sink: { sink: SecretSink; name: string } | null;
  lookup: OwnerLookupOptions;
}

export interface RevocationResult {
  steps: PlanStep[];
  problems: string[];
  owners: KeyOwner[];
}

/** Plans, and with `apply` carries out, the revocation; nothing changes unless the audit log and the sink can be written. */
export async function revokeExposedKeys(input: RevocationInput): Promise<RevocationResult> {
  const { problems, accounts, owners } = await lookupOwners(input.findings, input.lookup);
  const named = new Set(input.named);
  for (const id of named) if (!owners.some((o) => o.accessKeyId === id)) problems.push(`--key ${id} is not among the keys found`);
  const { applyRevocation, planRevocation } = await import('../aws/revoke.js');
  const steps = planRevocation(owners, { delete: input.delete, rotate: input.rotate }, exposures(input.findings), named, input.audit);
  if (input.apply && steps.some((s) => s.calls.length > 0)) {
    const { file, isDefault } = input.auditLog;
    const { checkAuditLog } = await import('../aws/audit-log.js');
    await checkAuditLog(file, isDefault).catch((err: Error) => {
      throw new UsageError('USAGE_OUTPUT', `audit log ${file} cannot be written (${err.message}): nothing was changed`, { file });
    });
    const users = steps
      .filter((s) => s.calls.includes('create-replacement'))
      .map((s) => ({ account: s.account as string, user: s.user as string }));
    const sink = input.sink;
    if (sink && users.length > 0) {
      await sink.sink.check(users).catch((err: Error) => {
        throw new UsageError('USAGE_OUTPUT', `--secret-sink ${sink.name} cannot be written (${err.message}): nothing was changed`);
      });
    }
    await applyRevocation(steps, accounts, input.lookup, file, sink?.sink ?? null);
  }
  return { steps, problems, owners };
}
