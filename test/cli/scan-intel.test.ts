// `scan --intel`: environmental intelligence is reported only when asked, shown whole, summarised
// in the text report, and never changes the exit code.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'credsweep-intel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'deploy.tf'), 'resource "aws_iam_role_policy" "ci" {\n  role = "arn:aws:iam::310442960871:role/ci-deploy"\n}\n');

describe('scan --intel', () => {
  it('leaves intelligence out by default, and a clean scan exits 0', async () => {
    const run = await runCli(['scan', dir, '-f', 'json', '--no-progress']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it('reports it with --intel, whole, as kind intel, and still exits 0', async () => {
    const run = await runCli(['scan', dir, '-f', 'json', '--no-progress', '--intel']);
    expect(run.code).toBe(0);
    const findings = JSON.parse(run.stdout) as Finding[];
    const account = findings.find((f) => f.secret === '310442960871');
    expect(account).toMatchObject({ kind: 'intel', severity: 'info', file: 'deploy.tf', line: 2 });
  });

  it('summarises it in the text report under its own heading', async () => {
    const run = await runCli(['scan', dir, '--no-progress', '--no-color', '--intel']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ENVIRONMENTAL INTELLIGENCE');
    expect(run.stdout).toMatch(/310442960871 \(deploy\.tf\)/);
    expect(run.stdout).toMatch(/No secrets found; \d+ intelligence values? \(never fails the scan\)\./);
  });
});
