import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBaseline, formatBaseline, loadBaseline } from '../../src/config/baseline.js';
import type { Finding } from '../../src/types.js';
import { codeOf } from '../support/error-code.js';

const dir = mkdtempSync(join(tmpdir(), 'credsweep-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'xoxb-8317460152-1093847561234-wzl4YcgUtwJM811zpsisMrBN';
const COMMIT = 'c'.repeat(40);

function finding(id: string, secret: string, file: string, line: number, commit: string | null = null): Finding {
  return {
    id,
    rule: 'slack.bot-token',
    ruleName: 'Slack bot token',
    kind: 'secret',
    severity: 'high',
    confidence: 'high',
    secret,
    file,
    line,
    column: 1,
    commit,
    author: null,
    email: null,
    date: null,
    target: '.',
    source: 'git',
    occurrences: [{ file, line, column: 1, commit, author: null, email: null, date: null, refs: [], blob: 'b'.repeat(40) }],
    reachable: true,
    atHead: true,
    snippet: '',
  };
}

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const known = finding('0123456789abcdef0123456789abcdef', SECRET, 'app.env', 2, COMMIT);
const fresh = finding('fedcba9876543210fedcba9876543210', 'other-secret-value-123456', 'new.env', 1, COMMIT);

describe('baselines', () => {
  it('round-trips: a created baseline knows its findings and holds no secret', () => {
    const text = formatBaseline([known], '1.2.3', new Date('2026-01-01T00:00:00Z'));
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toMatchObject({ version: 1, tool: 'credsweep 1.2.3', findings: [{ id: known.id, file: 'app.env', line: 2 }] });
    const baseline = loadBaseline(write('ours.json', text));
    expect(baseline.format).toBe('credsweep-baseline');
    expect(applyBaseline([known, fresh], baseline)).toEqual({ kept: [fresh], baselined: 1 });
  });

  it('accepts a credsweep --format json report', () => {
    const baseline = loadBaseline(write('report.json', JSON.stringify([{ id: known.id, rule: 'x' }])));
    expect(baseline.format).toBe('credsweep-json');
    expect(baseline.has(known)).toBe(true);
    expect(baseline.has(fresh)).toBe(false);
  });

  it('accepts a gitleaks report, matching on the secret when it has one', () => {
    const report = [
      {
        RuleID: 'slack-bot-token',
        Secret: SECRET,
        Match: `SLACK=${SECRET}`,
        File: 'elsewhere.env',
        StartLine: 9,
        Commit: 'd'.repeat(40),
        Fingerprint: 'x',
      },
    ];
    const baseline = loadBaseline(write('gitleaks.json', JSON.stringify(report)));
    expect(baseline.format).toBe('gitleaks');
    expect(baseline.has(known)).toBe(true);
    expect(baseline.has(fresh)).toBe(false);
  });

  it('matches a redacted gitleaks report by file, line and commit', () => {
    const report = [{ RuleID: 'slack-bot-token', Secret: 'REDACTED', File: 'app.env', StartLine: 2, Commit: COMMIT }];
    const baseline = loadBaseline(write('redacted.json', JSON.stringify(report)));
    expect(baseline.has(known)).toBe(true);
    expect(baseline.has({ ...known, occurrences: [{ ...(known.occurrences[0] as Finding['occurrences'][0]), line: 3 }] })).toBe(false);
  });

  it('matches a partly redacted gitleaks report (--redact=N) by the start of the secret and its place', () => {
    const partial = `${SECRET.slice(0, Math.floor(SECRET.length * 0.6))}...`;
    const report = [
      { RuleID: 'slack-bot-token', Secret: partial, Match: `SLACK=${partial}`, File: 'app.env', StartLine: 2, Commit: COMMIT },
    ];
    const baseline = loadBaseline(write('partial.json', JSON.stringify(report)));
    expect(baseline.has(known)).toBe(true);
    expect(baseline.has({ ...known, secret: `xoxb-0000${SECRET.slice(9)}` })).toBe(false);
    expect(baseline.has({ ...known, occurrences: [{ ...(known.occurrences[0] as Finding['occurrences'][0]), line: 3 }] })).toBe(false);
  });

  it('names the file and the problem for bad input', () => {
    expect(codeOf(() => loadBaseline(join(dir, 'missing.json')))).toBe('BASELINE_UNREADABLE');
    expect(codeOf(() => loadBaseline(write('bad.json', '{not json')))).toBe('BASELINE_INVALID');
    expect(codeOf(() => loadBaseline(write('shape.json', '{"findings": 3}')))).toBe('BASELINE_INVALID');
    expect(() => loadBaseline(write('noid.json', '[{"rule": "x"}]'))).toThrow(/noid\.json: report\[0\] has no 32-hex "id"/);
  });
});
