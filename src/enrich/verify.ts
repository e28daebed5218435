// `keys --verify`: whether each leaked pair is live, asked by signing one harmless call with it.
// The only place a leaked secret is ever used, and only where the finding holds it whole.
import type { KeyOwner, OwnerLookupOptions, Verification } from '../aws/key-owner.js';
import type { Finding } from '../types.js';

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

const unknown = (detail: string): Verification => ({ verified: 'unknown', arn: null, detail });

/** Per key id with a paired secret: whether the pair signs, or why that was not asked. */
export async function verifyAll(findings: Finding[], owners: KeyOwner[], options: OwnerLookupOptions): Promise<Map<string, Verification>> {
  const { verifyKeyPair } = await import('../aws/key-owner.js');
  const out = new Map<string, Verification>();
  for (const [id, pair] of pairedSecrets(findings)) {
    // A canary token's alarm goes off on any use: it is never signed with.
    if (owners.find((o) => o.accessKeyId === id)?.relation === 'canary') out.set(id, unknown('a canary token: not used'));
    else if (pair === null)
      out.set(id, unknown('the secret is redacted in the report: scan with --show-secrets, or give keys the targets'));
    else if (id.startsWith('ASIA') && !pair.sessionToken)
      out.set(id, unknown('a temporary key: its session token was not found whole beside it, and AWS rejects the pair without one'));
    else out.set(id, await verifyKeyPair(id, pair.secret, options, pair.sessionToken));
  }
  return out;
}
