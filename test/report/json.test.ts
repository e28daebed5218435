import { describe, expect, it } from 'vitest';
import { json } from '../../src/report/json.js';
import { jsonl } from '../../src/report/jsonl.js';
import type { Finding } from '../../src/types.js';
import { CLEAN_RESULT, OPTIONS, SCAN_RESULT } from './scan-result-fixture.js';

const CONTRACT_ORDER = [
  'id',
  'rule',
  'ruleName',
  'kind',
  'severity',
  'confidence',
  'secret',
  'file',
  'line',
  'column',
  'commit',
  'author',
  'email',
  'date',
  'target',
  'source',
  'occurrences',
  'reachable',
  'atHead',
  'snippet',
];

describe('json reporter', () => {
  const findings = JSON.parse(json(SCAN_RESULT, OPTIONS)) as Array<Record<string, unknown>>;

  it('prints one array with the contract fields in the contract order', () => {
    expect(findings).toHaveLength(SCAN_RESULT.findings.length);
    expect(Object.keys(findings[0] ?? {})).toEqual(CONTRACT_ORDER);
    expect(Object.keys(findings[1] ?? {})).toEqual([...CONTRACT_ORDER, 'aws']);
    expect(Object.keys((findings[0]?.occurrences as object[] | undefined)?.[0] ?? {})).toEqual([
      'file',
      'line',
      'column',
      'commit',
      'author',
      'email',
      'date',
      'subject',
      'refs',
      'blob',
    ]);
  });

  it('never passes on fields some stage attached at run time', () => {
    const extra = { ...SCAN_RESULT.findings[0], rawMatches: ['x'], entropy: 4.2 } as Finding;
    const out = JSON.parse(json({ ...SCAN_RESULT, findings: [extra] }, OPTIONS)) as Array<Record<string, unknown>>;
    expect(Object.keys(out[0] ?? {})).toEqual(CONTRACT_ORDER);
  });

  it('prints an empty array when nothing was found', () => {
    expect(json(CLEAN_RESULT, OPTIONS)).toBe('[]\n');
  });
});

describe('jsonl reporter', () => {
  it('prints one parseable finding per line, the same as the json array', () => {
    const lines = jsonl(SCAN_RESULT, OPTIONS).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual(JSON.parse(json(SCAN_RESULT, OPTIONS)));
  });

  it('prints nothing when nothing was found', () => {
    expect(jsonl(CLEAN_RESULT, OPTIONS)).toBe('');
  });
});
