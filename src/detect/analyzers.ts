// Named analyzers a rule can ask for with `analyzer:`: code that judges a secret's shape when a
// pattern cannot, and either drops the match (null) or sets its confidence.
import type { Confidence } from '../types.js';
import { analyzeToken } from './token-analyzer.js';

/** Judges one candidate secret: null drops it, a confidence keeps it at that tier. */
export type Analyzer = (secret: string) => Confidence | null;

/** Every analyzer by the name rules use. */
export const ANALYZERS: Readonly<Record<string, Analyzer>> = {
  'high-entropy-token': analyzeToken,
  'aws-secret-shape': analyzeAwsSecretShape,
};

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
