// The entropy analyzer: judges a value assigned to a secret-like name ("api_key = ...") by its
// shape, for the secrets no vendor format describes. Real code assigns many random-looking
// things that are not secrets, so the shapes it is full of are named and dropped first (UUIDs,
// digests, integrity hashes, data URIs, identifiers, paths, versions, placeholders); what is
// left is scored by alphabet, length and entropy into a low or medium confidence tier.
import type { Confidence } from '../types.js';
import { computeEntropy } from './entropy.js';

/** The alphabet a token is written in, narrowest first. */
export type TokenAlphabet = 'hex' | 'base62' | 'base64' | 'base64url' | 'mixed';

/** Names the narrowest alphabet that holds every character of `value`. */
export function classifyAlphabet(value: string): TokenAlphabet {
  if (/^[0-9a-f]+$/.test(value) || /^[0-9A-F]+$/.test(value)) return 'hex';
  if (/^[A-Za-z0-9]+$/.test(value)) return 'base62';
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return 'base64';
  if (/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return 'base64url';
  return 'mixed';
}

// Shapes that are random-looking but not secrets, or that say they are placeholders.
const NOT_SECRETS: readonly RegExp[] = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // UUID
  /^(?:sha1|sha256|sha384|sha512|md5)[-:]/i, // Subresource Integrity and lock-file digests
  /^data:/i, // inline images and fonts
  /^v?\d+(?:\.\d+){1,3}(?:[-+.][\w.]+)?$/, // versions
  /^\d+$/, // numbers, timestamps, phone numbers
  /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/, // member access, dotted config keys
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // CONSTANT_NAMES and env var names
  /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+$/, // kebab-case and snake_case words
  // Letters only: camelCase, PascalCase and Hungarian names, type names, words. A generated
  // 24-character base62 token has no digit about 1.5% of the time; that loss buys silence here.
  /^[A-Za-z]+$/,
  /^[a-z]+(?:[A-Z][a-z]+)+\d*$/, // camelCase names with a trailing number
  /^(?:[./~]|[A-Za-z]:\\)/, // paths
  /(.)\1{5,}/, // long runs of one character: padding, masks, xxxxxx
  /(?:example|sample|dummy|placeholder|changeme|your|redacted|fake|test|secret|token|password)/i,
  /(?:0123456|123456789|abcdef|ABCDEF|qwerty)/, // keyboard and counting sequences
];

// Identifiers built of words with a version in them (SignatureV4SignWithCredentials, getS3Client):
// every stretch is a word or a short capital+digit group, and at least three real words appear.
function isWordyIdentifier(value: string): boolean {
  if (!/^(?:[A-Z]?[a-z]{2,}|[A-Z]{1,4}\d{1,3}|\d{1,3})+$/.test(value)) return false;
  return (value.match(/[a-z]{3,}/g) ?? []).length >= 3;
}

function countClasses(value: string): number {
  return (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/[0-9]/.test(value) ? 1 : 0);
}

/**
 * Decides whether a value assigned to a secret-like name looks like a generated secret.
 * Returns null to drop it, otherwise the confidence tier: `medium` for a long base62/base64 token
 * with high entropy and every character class, `low` for the rest that passes (hex included:
 * a 32-hex key and an MD5 digest look the same, so hex never rises above low).
 */
export function analyzeToken(value: string): Confidence | null {
  if (value.length < 16) return null;
  for (const shape of NOT_SECRETS) if (shape.test(value)) return null;
  if (isWordyIdentifier(value)) return null;
  const alphabet = classifyAlphabet(value);
  const entropy = computeEntropy(value);
  if (alphabet === 'hex') return value.length >= 20 && entropy >= 3.0 ? 'low' : null;
  if (alphabet === 'mixed') return null; // dots, tildes, colons: identifiers and prose, not tokens
  const classes = countClasses(value);
  if (classes < 2 || entropy < 3.5) return null;
  if (classes === 3 && value.length >= 24 && entropy >= 4.0) return 'medium';
  return 'low';
}
