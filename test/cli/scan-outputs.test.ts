// Two false alarms of a finished scan: an output that cannot be written must stop the run before
// it scans (not lose a long scan's results), and AWS facts that could not be fetched must not
// be reported as content that went unread.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsTestEnv } from '../support/aws-env.js';
import { runCli } from '../support/run-cli.js';

// Made-up secrets, assembled so this file does not itself look like a leak.
const AWS_ID = ['AKIA', 'W7TQ3MZK5XPL2RB6'].join('');
const AWS_SECRET = ['pV4mXq8z', 'Tr2LcN6w', 'Hb9sYk3D', 'jF7gEu1o', 'Ra5iQyZt'].join('');

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-outputs-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'aws.env'), `aws_access_key_id=${AWS_ID}\naws_secret_access_key=${AWS_SECRET}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('outputs are checked before scanning', () => {
  it.each([
    ['-o', 'x.json'],
    ['--report', 'r.md'],
    ['--manifest', 'm.json'],
    ['--state', 's.json'],
  ])('%s into a folder that does not exist is a usage error naming it', async (flag, name) => {
    const target = join(dir, 'missing', 'dir', name);
    const run = await runCli(['scan', join(dir, 'src'), '--no-history', flag, target, '-q']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`${flag} ${target}: folder ${join(dir, 'missing', 'dir')} does not exist; nothing was scanned`);
    expect(run.stdout).toBe('');
  });

  it('an output that is a folder is refused', async () => {
    const run = await runCli(['scan', join(dir, 'src'), '--no-history', '-o', dir, '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is a folder, not a file');
  });

  it('baseline create checks its output too', async () => {
    const out = join(dir, 'nowhere', 'b.json');
    const run = await runCli(['baseline', 'create', join(dir, 'src'), '--no-history', '-o', out, '-q']);
    expect(run.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('enrichment is not coverage', () => {
  // Every AWS endpoint is a closed port: the owner lookup, CloudTrail and IAM all fail.
  const noAws = () => awsTestEnv('http://127.0.0.1:9', { accessKeyId: AWS_ID, secretAccessKey: AWS_SECRET });

  it('scan --report without AWS access exits 1 for the findings and says which facts are missing', async () => {
    const report = join(dir, 'incident.md');
    const run = await runCli(['scan', join(dir, 'src'), '--no-history', '--report', report, '--no-progress'], { env: noAws() });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).not.toMatch(/INCOMPLETE SCAN|may be missing/);
    expect(run.stdout).toMatch(/Enrichment incomplete: .*every file was read/);
    expect(run.stdout).toMatch(/REPORT_INCOMPLETE: .*\n {4}to supply it: give credsweep AWS credentials/);
    expect(existsSync(report)).toBe(true);
  });

  it('scan --aws-owner without AWS access names each key it could not look up', async () => {
    const run = await runCli(['scan', join(dir, 'src'), '--no-history', '--aws-owner', '-f', 'json', '--no-progress'], { env: noAws() });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).not.toMatch(/INCOMPLETE SCAN/);
    expect(run.stderr).toMatch(
      /enrichment incomplete: AWS_OWNER_LOOKUP: .*; to supply it: give credsweep AWS credentials that may call sts:GetAccessKeyInfo/,
    );
  });
});
