// A findings JSON report (`scan -f json -o FILE`) read back, for the commands that act on one.
import { readFileSync } from 'node:fs';
import { isAccessKeyId } from '../aws-key-id.js';
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

/** The AWS access key id a finding names: a key-id finding's value, or a paired secret's identifier. */
export function keyIdOf(f: Finding): string | null {
  if (f.identifier && isAccessKeyId(f.identifier)) return f.identifier;
  if (f.rule === 'aws.access-key-id' && isAccessKeyId(f.secret)) return f.secret;
  return null;
}
