// A findings JSON report (`scan -f json -o FILE`) read back, for the commands that act on one.
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { Finding } from '../types.js';

/** The findings in `file`, or null when it is not a credsweep JSON report. */
export function tryReadFindings(file: string): Finding[] | null {
  if (!file.endsWith('.json')) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(data) || !data.every((f) => typeof f === 'object' && f !== null && 'id' in f && 'occurrences' in f)) return null;
  return data as Finding[];
}

/** The findings in `file`; throws a UsageError naming it when it is not a JSON report. */
export function readFindings(file: string): Finding[] {
  const findings = tryReadFindings(file);
  if (findings === null) throw new UsageError('USAGE_BAD_INPUT', `${file} is not a credsweep JSON report (scan -f json -o FILE)`, { file });
  return findings;
}

/** The AWS access key id a finding names: a key-id finding's value, or a paired secret's identifier. */
export function keyIdOf(f: Finding): string | null {
  if (f.identifier && /^(?:AKIA|ASIA|ABIA|ACCA|A3T)[A-Z0-9]{16}$/.test(f.identifier)) return f.identifier;
  if (f.rule === 'aws.access-key-id' && /^[A-Z0-9]{20}$/.test(f.secret)) return f.secret;
  return null;
}
