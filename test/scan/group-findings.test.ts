import { describe, expect, it } from 'vitest';
import { compareFindings, groupFindings } from '../../src/scan/group-findings.js';
import { compareText } from '../../src/text-order.js';
import type { BlobPlace } from '../../src/sources/source.js';
import type { Finding, Match, Rule } from '../../src/types.js';

const rule: Rule = {
  id: 'test.token',
  name: 'Test token',
  kind: 'secret',
  severity: 'high',
  confidence: 'high',
  keywords: [],
  pattern: 'x',
  secretGroup: 0,
  allow: [],
  references: [],
  examples: [],
  negativeExamples: [],
  file: 't.yaml',
};

function match(secret: string, line: number, blobId: string): Match {
  return {
    ruleId: rule.id,
    blobId,
    secret,
    start: 0,
    end: secret.length,
    line,
    column: 3,
    confidence: 'high',
    validation: 'unchecked',
    entropy: 4,
    snippet: `t=${secret}`,
  };
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

  it('lists the same (file, line, blob) once when the secret is twice on the line', () => {
    const twice = [match('s1', 2, 'b'), { ...match('s1', 2, 'b'), start: 40, end: 42, column: 41 }];
    const findings = groupFindings(
      [{ target: 'repo', source: 'git', blobs: [{ blobId: 'b', matches: twice, places: [place('c', '2024-01-01T00:00:00Z', 'f.txt')] }] }],
      new Map([[rule.id, rule]]),
    );
    expect(findings[0]?.occurrences).toHaveLength(1);
  });

  it('folds a generic finding into the vendor finding of the same secret, from any blob', () => {
    const vendor = { ...rule, id: 'kubernetes.user-token', fallback: true };
    const generic = { ...rule, id: 'generic.config-assignment', fallback: true, severity: 'medium' as const };
    const findings = groupFindings(
      [
        {
          target: 'repo',
          source: 'git',
          blobs: [
            {
              blobId: 'b1',
              matches: [{ ...match('tok1Zq7Lm2Xp9Tv4Wk', 3, 'b1'), ruleId: vendor.id }],
              places: [place('c2', '2024-02-01T00:00:00Z', 'kubeconfig')],
            },
            {
              blobId: 'b2',
              matches: [{ ...match('tok1Zq7Lm2Xp9Tv4Wk', 9, 'b2'), ruleId: generic.id }],
              places: [place('c1', '2024-01-01T00:00:00Z', 'README.md')],
            },
            {
              blobId: 'b3',
              matches: [{ ...match('other', 1, 'b3'), ruleId: generic.id }],
              places: [place('c3', '2024-03-01T00:00:00Z', 'x.env')],
            },
          ],
        },
      ],
      new Map([
        [vendor.id, vendor],
        [generic.id, generic],
      ]),
    );
    expect(findings.map((f) => f.rule).sort()).toEqual(['generic.config-assignment', 'kubernetes.user-token']);
    const token = findings.find((f) => f.rule === vendor.id);
    expect(token?.occurrences.map((o) => o.file)).toEqual(['README.md', 'kubeconfig']);
    expect(token?.file).toBe('README.md');
  });

  it('keeps only the places a filename rule names, not every file sharing the blob', () => {
    const keystore = { ...rule, id: 'file.pkcs12', pattern: '', filename: '\\.p12$' };
    const m: Match = { ...match('e69de29b', 0, 'e69de29b'), ruleId: keystore.id };
    const findings = groupFindings(
      [
        {
          target: 'repo',
          source: 'git',
          blobs: [
            {
              blobId: 'e69de29b',
              matches: [m],
              places: [place('c1', '2024-01-01T00:00:00Z', 'pkg/__init__.py'), place('c2', '2024-02-01T00:00:00Z', 'certs/client.p12')],
            },
          ],
        },
      ],
      new Map([[keystore.id, keystore]]),
    );
    expect(findings[0]?.occurrences.map((o) => o.file)).toEqual(['certs/client.p12']);
  });
});

describe('the order of findings', () => {
  it('compares text by code unit, the same whatever the locale (upper case before lower, - before _)', () => {
    const base = { severity: 'high', kind: 'secret', date: '2024-01-01T00:00:00Z', rule: 'acme.token', line: 1 } as const;
    const finding = (file: string, rule: string = base.rule) => ({ ...base, file, rule }) as unknown as Finding;
    const files = ['b.txt', 'B.txt', 'a_b.txt', 'a-b.txt'];
    expect(
      files
        .map((f) => finding(f))
        .sort(compareFindings)
        .map((f) => f.file),
    ).toEqual(['B.txt', 'a-b.txt', 'a_b.txt', 'b.txt']);
    expect([finding('x', 'acme.token_2'), finding('x', 'Acme.token')].sort(compareFindings).map((f) => f.rule)).toEqual([
      'Acme.token',
      'acme.token_2',
    ]);
    expect(compareText('a', 'a')).toBe(0);
  });
});
