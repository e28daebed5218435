// Named analyzers a rule can ask for with `analyzer:`: code that judges a secret's shape when a
// pattern cannot, and either drops the match (null) or sets its confidence.
import type { Confidence } from '../types.js';
import { isPlaceholder } from './placeholders.js';
import { analyzeToken } from './token-analyzer.js';

/** Judges one candidate secret: null drops it, a confidence keeps it at that tier. */
export type Analyzer = (secret: string) => Confidence | null;

/** Every analyzer by the name rules use. */
export const ANALYZERS: Readonly<Record<string, Analyzer>> = {
  'high-entropy-token': analyzeToken,
  'aws-secret-shape': analyzeAwsSecretShape,
  'basic-credentials': analyzeBasicCredentials,
};

/**
 * An HTTP Basic credential, base64 of `user:password`: kept (medium) only when it decodes to a
 * user, a colon and a password that is not a stand-in. `Basic Z21ldGh2aW4=` is a user name
 * alone, and a test of the server's answer to a missing password.
 */
function analyzeBasicCredentials(secret: string): Confidence | null {
  const text = Buffer.from(secret, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0 || text.includes('\uFFFD')) return null;
  const password = text.slice(colon + 1);
  return password.length === 0 || isPlaceholder(password) ? null : 'medium';
}

/**
 * An unlabelled AWS secret candidate: 30 random bytes in base64 have upper and lower case
 * letters; a run without both is a word, an id or a constant. Kept at low confidence: pairing
 * with a key id (src/scan/aws-pairing.ts) decides what it becomes.
 */
function analyzeAwsSecretShape(secret: string): Confidence | null {
  return /[A-Z]/.test(secret) && /[a-z]/.test(secret) && /[0-9+/]/.test(secret) ? 'low' : null;
}

/** Whether an analyzer of that name exists. */
export function hasAnalyzer(name: string): boolean {
  return Object.hasOwn(ANALYZERS, name);
}
