// Named analyzers a rule can ask for with `analyzer:`: code that judges a secret's shape when a
// pattern cannot, and either drops the match (null) or sets its confidence.
import type { Confidence } from '../types.js';
import { analyzeToken } from './token-analyzer.js';

/** Judges one candidate secret: null drops it, a confidence keeps it at that tier. */
export type Analyzer = (secret: string) => Confidence | null;

/** Every analyzer by the name rules use. */
export const ANALYZERS: Readonly<Record<string, Analyzer>> = {
  'high-entropy-token': analyzeToken,
};

/** Whether an analyzer of that name exists. */
export function hasAnalyzer(name: string): boolean {
  return Object.hasOwn(ANALYZERS, name);
}
