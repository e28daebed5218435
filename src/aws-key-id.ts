// The one definition of what an AWS access key id looks like, shared by detection (validators),
// redaction (ids are shown whole), the findings reader and `keys`. It imports nothing, like
// types.ts, so every stage may use it. See
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids

/** Prefixes of access key ids: long-term (AKIA), STS temporary (ASIA), and two service-specific. */
export const ACCESS_KEY_PREFIXES = ['AKIA', 'ASIA', 'ABIA', 'ACCA'] as const;

/** Prefixes of IAM unique ids (groups, users, roles, ...): they name an entity and grant nothing. */
export const IAM_UNIQUE_ID_PREFIXES = ['AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'APKA'] as const;

// Ids issued before about 2019 may start A3T plus one more character; the 16 after the prefix
// are base32 (A-Z, 2-7) on every id.
const LEGACY = 'A3T[A-Z0-9]';
const BODY = '[A-Z2-7]{16}';

/** A whole access key id (anchored). */
export const ACCESS_KEY_ID = new RegExp(`^(?:${ACCESS_KEY_PREFIXES.join('|')}|${LEGACY})${BODY}$`);

/** A whole access key id or IAM unique id (anchored). */
export const IAM_IDENTIFIER = new RegExp(`^(?:${[...ACCESS_KEY_PREFIXES, ...IAM_UNIQUE_ID_PREFIXES].join('|')}|${LEGACY})${BODY}$`);

/** True when `text` is exactly an AWS access key id. */
export function isAccessKeyId(text: string): boolean {
  return ACCESS_KEY_ID.test(text);
}

// What an AWS access key id says by itself. The prefix gives its kind (AKIA long-term, ASIA
// temporary from STS, others for service-specific credentials). Ids issued since about 2019 also
// carry the owning account: base32 after the 4-letter prefix, the account in bits 7..46 of the
// first 6 bytes. That is a public observation about the format, not an AWS contract, so an account
// decoded this way is used only where sts:GetAccessKeyInfo cannot be called, and says so.

/** How a key id's account was learned. */
export type AccountSource = 'sts' | 'decoded';

/** The kind of credential a key id names. */
export function keyKind(id: string): 'long-term' | 'temporary' | 'other' {
  if (id.startsWith('AKIA')) return 'long-term';
  if (id.startsWith('ASIA')) return 'temporary';
  return 'other';
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The account decoded from the id (12 digits), or null when the id cannot hold one. */
export function decodeAccount(id: string): string | null {
  const body = id.slice(4);
  if (!/^[A-Z2-7]{16}$/.test(body)) return null;
  let bits = 0n;
  for (const ch of body.slice(0, 10)) bits = (bits << 5n) | BigInt(BASE32.indexOf(ch));
  // 10 base32 characters are 50 bits; the first 6 bytes are the top 48 of them.
  const first6 = bits >> 2n;
  const account = (first6 & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}
