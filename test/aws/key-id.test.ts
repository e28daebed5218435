import { describe, expect, it } from 'vitest';
import { decodeAccount, keyKind } from '../../src/aws/key-id.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// The inverse of the decoding, to build ids for an account: prefix, then base32 of
// (flag bit, account << 7, low bits) padded out to 16 characters.
function idFor(account: string, prefix = 'AKIA', low = 0x15n): string {
  const first6 = (1n << 47n) | (BigInt(account) << 7n) | low;
  let bits = (first6 << 2n) | 1n; // 50 bits for 10 characters
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = (BASE32[Number(bits & 31n)] as string) + out;
    bits >>= 5n;
  }
  return `${prefix}${out}QRSTUV`;
}

describe('AWS key ids', () => {
  it('tells long-term, temporary and other keys apart', () => {
    expect(keyKind('AKIAQ3XH7BLZP5WJMRT4')).toBe('long-term');
    expect(keyKind('ASIAQ3XH7BLZP5WJMRT4')).toBe('temporary');
    expect(keyKind('ABIAQ3XH7BLZP5WJMRT4')).toBe('other');
  });

  it('decodes the account a key id carries', () => {
    for (const account of ['310442960871', '000000000001', '999999999999', '123456789012']) {
      expect(decodeAccount(idFor(account))).toBe(account);
      expect(decodeAccount(idFor(account, 'ASIA', 0x7fn))).toBe(account);
    }
  });

  it('returns null for an id without the 16 base32 characters', () => {
    expect(decodeAccount('AKIA1234')).toBeNull();
    expect(decodeAccount('AKIAabcdefghijklmnop')).toBeNull();
  });
});
