import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { computeCrc32 } from '../../src/detect/crc32.js';
import { encodeBase62, hasValidator, VALIDATORS } from '../../src/detect/validators.js';

const validate = (name: string, value: string) => (VALIDATORS[name] as (s: string) => boolean)(value);

// Builds a GitHub/npm-style token: prefix + 30 base62 chars + base62(CRC32(those 30 chars)).
function makeToken(prefix: string, body: string): string {
  return `${prefix}${body}${encodeBase62(computeCrc32(body), 6)}`;
}

describe('computeCrc32', () => {
  it('matches known CRC-32 values', () => {
    expect(computeCrc32('')).toBe(0);
    expect(computeCrc32('123456789')).toBe(0xcbf43926);
    expect(computeCrc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });

  it('agrees with zlib.crc32 where Node has it', () => {
    const crc32 = (zlib as { crc32?: (data: string) => number }).crc32;
    if (crc32 === undefined) return;
    for (const s of ['a', 'RHd6CL7raVcRMCtYeLW1wzMJZTd2Qz', 'x'.repeat(1000)]) expect(computeCrc32(s)).toBe(crc32(s));
  });
});

describe('encodeBase62', () => {
  it('uses 0-9A-Za-z and pads to the width', () => {
    expect(encodeBase62(0, 6)).toBe('000000');
    expect(encodeBase62(61, 2)).toBe('0z');
    expect(encodeBase62(62, 2)).toBe('10');
    expect(encodeBase62(0xffffffff, 6)).toBe('4gfFC3');
  });
});

describe('validators', () => {
  it('has the registry names rules use', () => {
    for (const name of ['aws-key-id', 'github-token-crc32', 'npm-token-crc32', 'jwt', 'pem-base64']) {
      expect(hasValidator(name)).toBe(true);
    }
    expect(hasValidator('toString')).toBe(false);
  });

  it('aws-key-id: known prefix + 16 base32 characters', () => {
    expect(validate('aws-key-id', 'AKIA4EM26SZPQVPUXFP3')).toBe(true);
    expect(validate('aws-key-id', 'ASIAPEMXBTD3UFTHGPKV')).toBe(true);
    expect(validate('aws-key-id', 'A3TXR5IO5EG3ZF3Y6K3F')).toBe(true);
    expect(validate('aws-key-id', 'AKIA4EM26SZPQVPU0189')).toBe(false); // 0, 1, 8, 9 are not base32
    expect(validate('aws-key-id', 'AKIA4EM26SZPQVPUXFP')).toBe(false);
    expect(validate('aws-key-id', 'AXYZ4EM26SZPQVPUXFP3')).toBe(false);
  });

  it('github-token-crc32: accepts a correct checksum for every prefix, rejects a changed one', () => {
    for (const prefix of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']) {
      const token = makeToken(prefix, 'RHd6CL7raVcRMCtYeLW1wzMJZTd2Qz');
      expect(validate('github-token-crc32', token)).toBe(true);
      const flipped = token.slice(0, 10) + (token[10] === 'a' ? 'b' : 'a') + token.slice(11);
      expect(validate('github-token-crc32', flipped)).toBe(false);
    }
    expect(validate('github-token-crc32', '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')).toBe(true);
    expect(validate('github-token-crc32', 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')).toBe(false);
    expect(validate('github-token-crc32', makeToken('npm_', 'RHd6CL7raVcRMCtYeLW1wzMJZTd2Qz'))).toBe(false);
    expect(validate('github-token-crc32', 'ghp_short')).toBe(false);
  });

  it('npm-token-crc32: same scheme with the npm_ prefix', () => {
    expect(validate('npm-token-crc32', makeToken('npm_', 'tApiwk4QftFnfNDTuT7VhVaSf8QaPu'))).toBe(true);
    expect(validate('npm-token-crc32', 'npm_tApiwk4QftFnfNDTuT7VhVaSf8QaPu000000')).toBe(false);
  });

  it('jwt: header must decode to JSON with "alg"', () => {
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    const payload = Buffer.from('{"sub":"1"}').toString('base64url');
    expect(validate('jwt', `${header}.${payload}.c2lnbmF0dXJl`)).toBe(true);
    const noAlg = Buffer.from('{"typ":"JWT"}').toString('base64url');
    expect(validate('jwt', `${noAlg}.${payload}.c2lnbmF0dXJl`)).toBe(false);
    expect(validate('jwt', `eyJub3QganNvbg.${payload}.sig`)).toBe(false);
    expect(validate('jwt', 'eyJhbGciOiJIUzI1NiJ9.only-two')).toBe(false);
  });

  it('pem-base64: body must be base64 of a plausible size', () => {
    const body =
      Buffer.alloc(300, 7)
        .toString('base64')
        .match(/.{1,64}/g)
        ?.join('\n') ?? '';
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    expect(validate('pem-base64', pem)).toBe(true);
    expect(validate('pem-base64', pem.replaceAll('\n', '\\n'))).toBe(true);
    const encrypted = pem.replace('KEY-----\n', 'KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00FF\n\n');
    expect(validate('pem-base64', encrypted)).toBe(true);
    expect(validate('pem-base64', '-----BEGIN RSA PRIVATE KEY-----\n...redacted...\n-----END RSA PRIVATE KEY-----')).toBe(false);
    expect(validate('pem-base64', `-----BEGIN PRIVATE KEY-----\n${'not base64! '.repeat(10)}\n-----END PRIVATE KEY-----`)).toBe(false);
  });
});
