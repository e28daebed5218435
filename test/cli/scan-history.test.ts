// The post-exposure sweep end to end: a key committed then deleted, a token still at HEAD, and
// a webhook whose commit was force-pushed away. All three must be found with the commit,
// author, date, path and reachability that brought them in.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { git, gitEnv } from '../support/shell-git.js';

// Made-up secrets, assembled so this file does not itself look like a leak.
const AWS_ID = ['AKIA', 'Q3XH7BLZP5WJMRT4'].join('');
const AWS_SECRET = ['kR3nTq9v', 'XbW2pLm7', 'Zs8dYh4J', 'fC1gUo6e', 'Ni0aQtRw'].join('');
const GH_TOKEN = ['ghp', '_', 'R8vK2mQx7TzL4pWn9sBc1HdJ6yFa3uGe0Io5'].join('');
const SLACK = ['https://hooks.slack.com/services/', 'T0TEST1AB/B0TEST2CD/', 'Zx8q3LmN0pRt6VwYb2KcJf4H'].join('');

let root: string;
let bare: string;
const commits: Record<string, string> = {};

async function commitAs(dir: string, who: string, date: string, message: string): Promise<string> {
  const env = gitEnv(root, date, who);
  await git(dir, ['add', '-A'], env);
  await git(dir, ['commit', '-q', '-m', message], env);
  return git(dir, ['rev-parse', 'HEAD'], env);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cs-history-'));
  bare = join(root, 'server.git');
  const work = join(root, 'work');
  await git(root, ['init', '-q', '--bare', bare]);
  await git(root, ['clone', '-q', bare, work]);
  mkdirSync(join(work, 'config'));
  writeFileSync(join(work, 'config', 'aws.env'), `aws_access_key_id=${AWS_ID}\naws_secret_access_key=${AWS_SECRET}\n`);
  writeFileSync(join(work, 'README.md'), '# service\n');
  commits.added = await commitAs(work, 'Alice Ops', '2024-01-05T10:00:00Z', 'add aws config');
  rmSync(join(work, 'config', 'aws.env'));
  commits.deleted = await commitAs(work, 'Bob Dev', '2024-02-06T11:00:00Z', 'remove aws config');
  writeFileSync(join(work, 'deploy.sh'), `#!/bin/sh\nexport GITHUB_TOKEN=${GH_TOKEN}\n`);
  commits.token = await commitAs(work, 'Carol SRE', '2024-03-07T12:00:00Z', 'deploy script');
  await git(work, ['push', '-q', 'origin', 'main']);
  writeFileSync(join(work, 'notify.env'), `SLACK_WEBHOOK=${SLACK}\n`);
  commits.forced = await commitAs(work, 'Dave Intern', '2024-04-08T13:00:00Z', 'slack alerts');
  await git(work, ['push', '-q', 'origin', 'main']);
  // Someone notices and force-pushes the commit away; the server keeps the object.
  await git(work, ['reset', '-q', '--hard', 'HEAD~1']);
  await git(work, ['push', '-q', '--force', 'origin', 'main']);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function bySecret(findings: Finding[], secret: string): Finding {
  const f = findings.find((x) => x.secret === secret || x.secret.includes(secret));
  if (!f) throw new Error(`no finding for ${secret}; got ${findings.map((x) => `${x.rule}:${x.secret}`).join(', ')}`);
  return f;
}

describe('credsweep scan of a leaked repository (history)', () => {
  let findings: Finding[];
  let code: number | null;

  beforeAll(async () => {
    const run = await runCli(['scan', bare, '--format', 'json', '--show-secrets']);
    code = run.code;
    findings = JSON.parse(run.stdout) as Finding[];
  });

  it('exits 1 because secrets were found', () => {
    expect(code).toBe(1);
  });

  it('finds the key committed and later deleted, with who and when, as one id + secret pair', () => {
    const f = bySecret(findings, AWS_SECRET);
    expect(f.identifier).toBe(AWS_ID);
    expect(findings.filter((x) => x.secret === AWS_ID)).toEqual([]);
    expect(f).toMatchObject({
      file: 'config/aws.env',
      line: 2,
      commit: commits.added,
      author: 'Alice Ops',
      email: 'alice@example.com',
      date: '2024-01-05T10:00:00Z',
      reachable: true,
      atHead: false,
      source: 'git',
    });
    expect(f.occurrences[0]?.refs).toContain('refs/heads/main');
  });

  it('finds the token still at HEAD', () => {
    expect(bySecret(findings, GH_TOKEN)).toMatchObject({
      file: 'deploy.sh',
      line: 2,
      commit: commits.token,
      author: 'Carol SRE',
      date: '2024-03-07T12:00:00Z',
      reachable: true,
      atHead: true,
    });
  });

  it('finds the webhook in the force-pushed-away commit and marks it unreachable', () => {
    const f = bySecret(findings, SLACK);
    expect(f).toMatchObject({
      file: 'notify.env',
      commit: commits.forced,
      author: 'Dave Intern',
      date: '2024-04-08T13:00:00Z',
      reachable: false,
      atHead: false,
    });
    expect(f.occurrences[0]?.refs).toEqual([]);
  });

  it('redacts secrets unless --show-secrets', async () => {
    const run = await runCli(['scan', bare, '--format', 'json']);
    expect(run.stdout).not.toContain(AWS_SECRET);
    expect(run.stdout).not.toContain(GH_TOKEN);
    expect(run.stdout).toContain(AWS_ID);
  });

  it('scans the files on disk with --no-history', async () => {
    const work = join(root, 'work');
    const run = await runCli(['scan', work, '--no-history', '--format', 'json', '--show-secrets']);
    const onDisk = JSON.parse(run.stdout) as Finding[];
    expect(onDisk.map((f) => f.secret)).toContain(GH_TOKEN);
    expect(onDisk.some((f) => f.secret === AWS_ID)).toBe(false);
    expect(bySecret(onDisk, GH_TOKEN)).toMatchObject({ source: 'fs', commit: null, file: 'deploy.sh' });
  });
});
