// Builds Rule objects for tests without a YAML file.
import { createHash } from 'node:crypto';
import type { Rule } from '../../src/types.js';

/** A rule with sensible defaults; override what the test is about. */
export function makeRule(overrides: Partial<Rule> & Pick<Rule, 'id' | 'pattern'>): Rule {
  return {
    name: overrides.id,
    kind: 'secret',
    severity: 'high',
    confidence: 'high',
    keywords: [],
    secretGroup: 0,
    allow: [],
    references: [],
    examples: [],
    negativeExamples: [],
    file: 'test-rules.yaml',
    ...overrides,
  };
}

/** An AWS-style key id made from a seed: 'AKIA' + 16 chars of [A-Z2-7] (never a real key). */
export function fakeAwsKeyId(seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = createHash('sha256').update(`credsweep-test-key-${seed}`).digest();
  let out = 'AKIA';
  for (let i = 0; i < 16; i++) out += alphabet[(bytes[i] as number) % 32];
  return out;
}
