// ssh:// targets: fetched with the git binary over the user's SSH. No SSH server here: git's
// GIT_SSH_COMMAND points at a script that runs the requested git-upload-pack locally, which is
// exactly what sshd would do on the far side.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const SECRET = 'xoxb-6612093847-5510293847561-Lk9Jh8Gf7Ds6Aq5Wz4Xc3Vb2';

let repo: GitFixture;
let dir: string;
let sshCommand: string;

beforeAll(async () => {
  repo = await makeRepo({ bare: false });
  await repo.commit({ 'ops/notify.sh': `curl -d token=${SECRET} https://slack.com/api/chat.postMessage\n` }, 'notify');
  await repo.commit({ 'ops/notify.sh': 'curl -d token=$SLACK_TOKEN https://slack.com/api/chat.postMessage\n' }, 'use the env');
  dir = mkdtempSync(join(tmpdir(), 'credsweep-ssh-test-'));
  sshCommand = join(dir, 'fake-ssh');
  // ssh [options] HOST COMMAND: run COMMAND (git-upload-pack '/path') here, as sshd would there.
  writeFileSync(sshCommand, '#!/bin/sh\nfor last; do :; done\nexec sh -c "$last"\n');
  chmodSync(sshCommand, 0o700);
});

afterAll(async () => {
  await repo.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('scan ssh://', () => {
  it('mirrors the repository with git over ssh and scans its whole history under the URL', async () => {
    const url = `ssh://git@example.invalid${repo.dir}`;
    const run = await runCli(['scan', url, '-f', 'json', '--show-secrets', '--no-progress'], { env: { GIT_SSH_COMMAND: sshCommand } });
    expect(run.code, run.stderr).toBe(1);
    const findings = JSON.parse(run.stdout) as Finding[];
    expect(findings.map((f) => [f.target, f.secret, f.file])).toEqual([[url, SECRET, 'ops/notify.sh']]);
  });

  it('makes the run incomplete, naming the URL, when the repository cannot be fetched', async () => {
    const url = `ssh://git@example.invalid${dir}/nothing-here.git`;
    const run = await runCli(['scan', url, '--no-progress'], { env: { GIT_SSH_COMMAND: sshCommand } });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/SOURCE_FETCH_FAILED.*ssh:\/\/git@example\.invalid.*cannot be fetched over ssh/);
  });
});
