// The CLI as a user meets it: usage errors, stdin, output files, the demo and rule checks.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';

const GH_TOKEN = ['ghp', '_', 'R8vK2mQx7TzL4pWn9sBc1HdJ6yFa3uGe0Io5'].join('');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('credsweep CLI', () => {
  it('refuses a target that does not exist with exit 2, naming it', async () => {
    const run = await runCli(['scan', join(dir, 'nope')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nope');
  });

  it('refuses an unknown format with exit 2, naming the choices', async () => {
    const run = await runCli(['scan', dir, '--format', 'xml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--format <format>' argument 'xml' is invalid\. Allowed choices are text, json/);
  });

  it('lists the values of enumerated options in --help', async () => {
    const run = await runCli(['scan', '--help']);
    expect(run.stdout.replace(/\s+/g, ' ')).toMatch(
      /--fail-on <severity>.*\(choices: "critical", "high", "medium", "low", "info", "none", default: "low"\)/,
    );
  });

  it('refuses an unknown option with exit 2', async () => {
    const run = await runCli(['scan', '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--frobnicate');
  });

  it('scans stdin', async () => {
    const run = await runCli(['scan', '-', '--format', 'json'], { input: `token: ${GH_TOKEN}\n` });
    expect(run.code).toBe(1);
    const findings = JSON.parse(run.stdout) as Finding[];
    expect(findings[0]).toMatchObject({ source: 'stdin', file: null, line: 1, target: '-' });
  });

  it('exits 0 on clean input', async () => {
    const run = await runCli(['scan', '-'], { input: 'nothing to see here\n' });
    expect(run.code).toBe(0);
  });

  it('writes -o files with mode 0600 and keeps stdout empty', async () => {
    const file = join(dir, 'src.env');
    writeFileSync(file, `GITHUB_TOKEN=${GH_TOKEN}\n`);
    const out = join(dir, 'report.json');
    writeFileSync(out, 'old', { mode: 0o644 });
    const run = await runCli(['scan', file, '--format', 'json', '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(1);
    expect(run.stderr).toMatch(/credsweep: 1 findings/);
  });

  it('--fail-on none exits 0 even with findings', async () => {
    const run = await runCli(['scan', '-', '--fail-on', 'none'], { input: `GITHUB_TOKEN=${GH_TOKEN}\n` });
    expect(run.code).toBe(0);
  });

  it('demo builds a leaky repository and finds its secrets', async () => {
    const run = await runCli(['demo', '--format', 'json']);
    expect(run.code).toBe(0);
    const findings = JSON.parse(run.stdout) as Finding[];
    expect(findings.length).toBeGreaterThanOrEqual(4);
    expect(findings.some((f) => f.reachable === false)).toBe(true);
    expect(findings.some((f) => f.atHead === false && f.reachable)).toBe(true);
    expect(findings.some((f) => f.atHead)).toBe(true);
  });

  it('rules check passes on the built-in rules', async () => {
    const run = await runCli(['rules', 'check']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rules checked, 0 problem/);
  });

  it('rules check fails on a rule whose example does not match', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'rules:',
        '  - id: test.broken',
        '    name: Broken',
        '    kind: secret',
        '    severity: low',
        '    keywords: [zzz]',
        "    pattern: 'zzz([0-9]{4})'",
        '    secretGroup: 1',
        "    examples: ['zzz12', 'zzz1234']",
        "    negativeExamples: ['nothing']",
      ].join('\n'),
    );
    const run = await runCli(['rules', 'check', '--no-builtin-rules', '--rules', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('test.broken');
  });

  it('rules check lists every problem of every rule in one run, unloadable rules included', async () => {
    const file = join(dir, 'many-bad.yaml');
    writeFileSync(
      file,
      [
        'rules:',
        '  - id: test.one-example',
        '    name: One example',
        '    kind: secret',
        '    severity: low',
        '    keywords: [qqq]',
        "    pattern: 'qqq([0-9]{4})'",
        '    secretGroup: 1',
        "    examples: ['qqq1234']",
        '  - id: test.no-pattern',
        '    name: No pattern',
        '    kind: secret',
        '    severity: low',
        '  - id: test.bad-regex',
        '    name: Bad regex',
        '    kind: secret',
        '    severity: low',
        '    keywords: [www]',
        "    pattern: '(www)(?=x)'",
        '    secretGroup: 1',
        "    examples: ['wwwx', 'www x']",
        "    negativeExamples: ['nothing']",
      ].join('\n'),
    );
    const run = await runCli(['rules', 'check', '--no-builtin-rules', '--rules', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/test\.one-example: rule needs at least 2 examples \(has 1\)/);
    expect(run.stderr).toMatch(/test\.one-example: rule needs at least 1 negative example \(has 0\)/);
    expect(run.stderr).toMatch(/test\.no-pattern.*missing key|missing key.*test\.no-pattern/);
    expect(run.stderr).toMatch(/test\.bad-regex: pattern does not compile under RE2/);
    expect(run.stdout).toMatch(/2 rules checked, 4 problem\(s\)/); // the rule with no pattern is not one of those checked
  });

  it('rules list shows the catalogue', async () => {
    const run = await runCli(['rules', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/aws\.access-key-id/);
  });
});
