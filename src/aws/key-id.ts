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
