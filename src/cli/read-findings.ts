// A findings JSON report (`scan -f json -o FILE`) read back, for the commands that act on one.
import { readFileSync } from 'node:fs';
import type { Finding } from '../types.js';

/** Whether parsed JSON has the shape of a credsweep JSON report: an array of findings. */
export function isFindingsReport(data: unknown): data is Finding[] {
  return Array.isArray(data) && data.every((f) => typeof f === 'object' && f !== null && 'id' in f && 'occurrences' in f);
}

/** The findings in `file`, or null when it is not a credsweep JSON report. */
export function tryReadFindings(file: string): Finding[] | null {
  if (!file.endsWith('.json')) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  return isFindingsReport(data) ? data : null;
}
