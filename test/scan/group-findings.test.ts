import { describe, expect, it } from 'vitest';
import { type BlobPlace, groupFindings } from '../../src/scan/group-findings.js';
import type { Match, Rule } from '../../src/types.js';

const rule: Rule = {
  id: 'test.token', name: 'Test token', kind: 'secret', severity: 'high', confidence: 'high', keywords: [],
  pattern: 'x', secretGroup: 0, allow: [], references: [], examples: [], negativeExamples: [], file: 't.yaml',
};

function match(secret: string, line: number, blobId: string): Match {
  return { ruleId: rule.id, blobId, secret, start: 0, end: secret.length, line, column: 3, confidence: 'high', validation: 'unchecked', entropy: 4, snippet: `t=${secret}` };
}

function place(commit: string, date: string, file: string, reachable = true): BlobPlace {
  return { file, commit, author: 'A', email: 'a@x', date, refs: reachable ? ['refs/heads/main'] : [], reachable, atHead: false };
}

describe('groupFindings', () => {
  it('makes one finding per secret whose first occurrence is the oldest', () => {
    const findings = groupFindings(
      [
        {
          target: 'repo',
          source: 'git',
          blobs: [
            { blobId: 'b2', matches: [match('s1', 4, 'b2')], places: [place('c2', '2024-02-01T00:00:00Z', 'b.txt')] },
            { blobId: 'b1', matches: [match('s1', 1, 'b1')], places: [place('c1', '2024-01-01T00:00:00Z', 'a.txt', false)] },
          ],
        },
      ],
      new Map([[rule.id, rule]]),
    );
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.commit).toBe('c1');
    expect(f.file).toBe('a.txt');
    expect(f.line).toBe(1);
    expect(f.occurrences.map((o) => o.commit)).toEqual(['c1', 'c2']);
    expect(f.reachable).toBe(true);
    expect(f.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives the same id for the same rule and secret, and different ids otherwise', () => {
    const one = (secret: string) =>
      groupFindings(
        [{ target: 't', source: 'fs', blobs: [{ blobId: 'b', matches: [match(secret, 1, 'b')], places: [place('c', 'd', 'f')] }] }],
        new Map([[rule.id, rule]]),
      )[0]!.id;
    expect(one('abc')).toBe(one('abc'));
    expect(one('abc')).not.toBe(one('abd'));
  });
});
