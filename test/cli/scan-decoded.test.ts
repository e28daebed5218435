// Encoded secrets end to end: a base64 PEM in a .env and inside a Kubernetes Secret, on disk and
// in history, come out as critical private keys that say they were decoded.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { git, gitEnv } from '../support/shell-git.js';

let root: string;

// A made-up PEM: hash bytes in base64, the shape of a key and nothing more.
function fakePem(seed: string): string {
  let body = '';
  for (let i = 0; body.length < 700; i++) body += createHash('sha512').update(`${seed}-${i}`).digest('base64');
  return `-----BEGIN RSA PRIVATE KEY-----\n${(body.slice(0, 700).match(/.{1,64}/g) ?? []).join('\n')}\n-----END RSA PRIVATE KEY-----\n`;
}
const b64 = (s: string) => Buffer.from(s).toString('base64');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cs-decoded-'));
  const env = gitEnv(root);
  await git(root, ['init', '-q', 'repo'], env);
  const repo = join(root, 'repo');
  writeFileSync(join(repo, '.env'), `APP=web\nTLS_KEY=${b64(fakePem('env'))}\n`);
  writeFileSync(
    join(repo, 'secret.yaml'),
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ntype: kubernetes.io/tls\ndata:\n  tls.key: ${b64(fakePem('k8s'))}\n`,
  );
  await git(repo, ['add', '-A'], env);
  await git(repo, ['commit', '-q', '-m', 'deploy'], env);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('encoded secrets', () => {
  it.each([
    ['on disk', ['--no-history']],
    ['in history', []],
  ])('a base64 PEM in .env and in a Kubernetes Secret is a critical private key %s', async (_where, extra) => {
    const run = await runCli(['scan', join(root, 'repo'), ...extra, '-f', 'json', '--no-progress']);
    expect(run.code, run.stderr).toBe(1);
    const findings = JSON.parse(run.stdout) as Finding[];
    for (const file of ['.env', 'secret.yaml']) {
      const key = findings.find((f) => f.file === file && f.rule === 'privatekey.pem');
      expect(key, file).toMatchObject({ severity: 'critical', decoded: 'base64' });
      expect(key?.occurrences[0]?.decoded).toBe('base64');
    }
    expect(findings.some((f) => f.rule === 'kubernetes.secret-manifest')).toBe(false);
  });

  it('--decode-depth 0 turns decoding off', async () => {
    const run = await runCli(['scan', join(root, 'repo'), '--decode-depth', '0', '-f', 'json', '--no-progress']);
    expect((JSON.parse(run.stdout) as Finding[]).some((f) => f.rule === 'privatekey.pem')).toBe(false);
  });
});

describe('a blob with more encoded runs than one blob decodes', () => {
  it('is counted in the summary, its runs past the cap scanned as written', async () => {
    const dir = join(root, 'many-runs');
    // 4,097 hex runs that decode to text: one more than the decoding layer takes from one blob.
    const lines = Array.from(
      { length: 4097 },
      (_, i) => `v${i}=${Buffer.from(`made-up value ${String(i).padStart(5, '0')}`).toString('hex')}`,
    );
    await git(root, ['init', '-q', 'many-runs'], gitEnv(root));
    writeFileSync(join(dir, 'values.txt'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'few.txt'), `${lines.slice(0, 4096).join('\n')}\n`);
    const json = await runCli(['scan', dir, '--no-history', '-f', 'json', '--no-progress']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toMatch(
      /1 blob held more encoded runs than one blob's decoding takes: the rest were scanned as written, not decoded/,
    );
    const text = await runCli(['scan', dir, '--no-history', '--no-color', '--no-progress']);
    expect(text.stdout).toMatch(
      /1 blob held more encoded runs than one blob's decoding takes: the rest were scanned as written, not decoded\./,
    );
  });
});
