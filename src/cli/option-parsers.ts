// Parsers for option values; each names the option and the bad value when it refuses one.
import { UsageError } from '../errors.js';
import type { Severity } from '../types.js';

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i;
const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Parses "50MB", "512k", "1048576" into bytes (binary units). */
export function parseSize(option: string, value: string): number {
  const m = SIZE.exec(value.trim());
  if (!m) throw new UsageError('USAGE_BAD_VALUE', `${option}: "${value}" is not a size (e.g. 50MB, 512k, 1048576)`);
  const unit = (m[2] ?? 'b').toLowerCase()[0] as string;
  return Math.floor(Number(m[1]) * (UNITS[unit] ?? 1));
}

/** The values --fail-on takes (and `failOn` in .credsweep.yaml). */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info', 'none'] as const;

/** Parses a --fail-on value. */
export function parseFailOn(value: string): Severity | 'none' {
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity | 'none';
  throw new UsageError('USAGE_BAD_VALUE', `--fail-on: "${value}" is not one of ${SEVERITIES.join(', ')}`);
}

/** Parses a positive integer option. */
export function parsePositiveInt(option: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('USAGE_BAD_VALUE', `${option}: "${value}" is not a positive whole number`);
  return n;
}

/** Parses a whole number from 0 to `max` (a depth, where 0 turns the feature off). */
export function parseNonNegativeInt(option: string, value: string, max = 8): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new UsageError('USAGE_BAD_VALUE', `${option}: "${value}" is not a whole number from 0 to ${max}`);
  return n;
}

/** Parses one of a fixed set of names. */
export function parseChoice<T extends string>(option: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError('USAGE_BAD_VALUE', `${option}: "${value}" is not one of ${choices.join(', ')}`);
}
