// A repository's own .git/config must not make the git binary run a program of its choosing.
// The range modes run `git log`; with log.showSignature on and one signed commit in the range,
// git would start gpg.program to verify it. The program here writes a marker file when run.
import { existsSync } from 'node:fs';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const SECRET = 'xoxb-5820193746-7364019285746-QmTr8wPzLkVb3NcXe7HyUa2D';

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

/** A repository whose config names `program` for signatures and diffs, with a signed commit on top. */
async function plantedRepo(): Promise<{ base: string; signed: string; marker: string }> {
  repo = await makeRepo();
  const marker = join(repo.root, 'program-ran');
  const program = join(repo.root, 'evil.sh');
  await writeFile(program, `#!/bin/sh\necho ran >> '${marker}'\nexit 0\n`);
  await chmod(program, 0o755);
  const base = await repo.commit({ 'README.md': 'hello\n' }, 'base');
  await repo.commit({ 'app.env': `TOKEN=${SECRET}\n`, '.gitattributes': '*.env diff=evil\n' }, 'leak');
  // Re-write the tip as a signed commit: a gpgsig header is all git needs to try verifying it.
  const body = await repo.git('cat-file', 'commit', 'HEAD');
  const [headers, ...message] = body.split('\n\n');
  const sig = ' -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEEmadeupmadeupmadeup\n -----END PGP SIGNATURE-----';
  const signedBody = `${headers}\ngpgsig${sig}\n\n${message.join('\n\n')}\n`;
  const signed = (await repo.gitBytes(['hash-object', '-t', 'commit', '-w', '--stdin'], signedBody)).toString().trim();
  await repo.git('update-ref', 'refs/heads/main', signed);
  for (const [key, value] of [
    ['log.showSignature', 'true'],
    ['gpg.program', program],
    ['gpg.openpgp.program', program],
    ['gpg.ssh.program', program],
    ['gpg.x509.program', program],
    ['diff.external', program],
    ['diff.evil.textconv', program],
    ['diff.evil.command', program],
    ['core.pager', program],
    ['core.fsmonitor', program],
    ['protocol.allow', 'always'],
  ]) {
    await repo.git('config', key as string, value as string);
  }
  return { base, signed, marker };
}

describe('the git binary never runs a program named by the scanned repository', () => {
  it('the planted config does run the program when git is used plainly (the probe is real)', async () => {
    const { base, marker } = await plantedRepo();
    await repo?.git('log', '-p', `${base}..HEAD`);
    expect(existsSync(marker)).toBe(true);
  });

  it.each([
    ['--since-commit', (base: string) => ({ args: ['--since-commit', base], input: '' })],
    ['--log-opts', (base: string) => ({ args: ['--log-opts', `${base}..HEAD`], input: '' })],
    [
      '--pre-push',
      (base: string, signed: string) => ({ args: ['--pre-push'], input: `refs/heads/main ${signed} refs/heads/main ${base}\n` }),
    ],
  ])('%s finds the secret and runs nothing', async (_mode, make) => {
    const { base, signed, marker } = await plantedRepo();
    const { args, input } = make(base, signed);
    const run = await runCli(['scan', ...args, '-f', 'json', '--no-progress'], { cwd: repo?.dir, input });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('app.env');
    expect(existsSync(marker)).toBe(false);
  });

  it('--staged runs nothing either', async () => {
    const { marker } = await plantedRepo();
    await writeFile(join(repo?.dir as string, 'more.env'), `TOKEN=${SECRET}\n`);
    await repo?.git('add', 'more.env');
    await rm(marker, { force: true }); // the test's own plain `git add` ran core.fsmonitor
    const run = await runCli(['scan', '--staged', '-f', 'json', '--no-progress'], { cwd: repo?.dir });
    expect(run.code, run.stderr).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });

  it('--log-opts refuses --show-signature', async () => {
    const { marker } = await plantedRepo();
    const run = await runCli(['scan', '--log-opts', '--show-signature', '--no-progress'], { cwd: repo?.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--show-signature is not allowed');
    expect(existsSync(marker)).toBe(false);
  });
});
