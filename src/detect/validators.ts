// Checks that data cannot express: checksums and structure. Each is pure (string → boolean) and
// cheap. A failed check does not drop the match; the matcher lowers its confidence instead,
// because a typo'd or truncated key is still worth a look.
import { IAM_IDENTIFIER } from '../aws-key-id.js';
import { computeCrc32 } from './crc32.js';

/** A pure check on a candidate secret. */
export type Validator = (secret: string) => boolean;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 (0-9A-Za-z) of `value`, left-padded with '0' to `width`, as GitHub and npm encode checksums. */
export function encodeBase62(value: number, width: number): string {
  let out = '';
  let n = value;
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, '0');
}

// GitHub (ghp_, gho_, ghu_, ghs_, ghr_) and npm (npm_) tokens: `<prefix>_` + 30 base62 chars +
// 6 chars of base62(CRC32(those 30 chars)). See github.blog 2021-04-05 "Behind GitHub's new
// authentication token formats".
function checkBase62Crc32(secret: string, prefix: RegExp): boolean {
  const m = prefix.exec(secret);
  if (!m) return false;
  const body = secret.slice(m[0].length);
  if (!/^[0-9A-Za-z]{36}$/.test(body)) return false;
  return encodeBase62(computeCrc32(body.slice(0, 30)), 6) === body.slice(30);
}

function decodeBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(text)) return null;
  return Buffer.from(text, 'base64url').toString('utf8');
}

function checkJwt(secret: string): boolean {
  const parts = secret.split('.');
  if (parts.length !== 3 && parts.length !== 5) return false;
  const header = decodeBase64Url(parts[0] as string);
  if (header === null) return false;
  try {
    const parsed: unknown = JSON.parse(header);
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

// Armoured key material (PEM, OpenSSH, PGP, PuTTY private lines): the body, without armour
// lines, "Key: value" headers and the PGP "=CRC" line, must be base64 of a plausible length. This
// rejects "-----BEGIN RSA PRIVATE KEY----- ...redacted... -----END" style documentation. JSON
// strings carry the line breaks escaped, so literal \n and \r count as breaks.
function checkPemBase64(secret: string): boolean {
  const lines = secret.split(/\r?\n|\\r\\n|\\n/).map((l) => l.trim());
  const body = lines.filter((l) => l !== '' && !l.startsWith('-----') && !/^[A-Za-z-]+:\s/.test(l) && !l.startsWith('='));
  const joined = body.join('');
  if (joined.length < 64) return false;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(joined)) return false;
  return Buffer.from(joined, 'base64').length >= 48;
}

/** Every validator by the name rules use in `validate:`. */
export const VALIDATORS: Readonly<Record<string, Validator>> = {
  'aws-key-id': (s) => IAM_IDENTIFIER.test(s),
  'github-token-crc32': (s) => checkBase62Crc32(s, /^gh[pousr]_/),
  'npm-token-crc32': (s) => checkBase62Crc32(s, /^npm_/),
  jwt: checkJwt,
  'pem-base64': checkPemBase64,
};

/** Whether a validator of that name exists. */
export function hasValidator(name: string): boolean {
  return Object.hasOwn(VALIDATORS, name);
}
