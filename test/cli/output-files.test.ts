// A clone that commits symlinks named like the outputs a responder writes inside it cannot
// redirect them: -o, --manifest and --state replace the links, and the files they point at keep
// their content and mode.
import { lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const SECRET = 'xoxb-5551029384-7766554433221-HgFdSa9QwErTyUiOpZxCvBnM';

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

it('-o, --manifest and --state never write through a symlink the scanned clone planted', async () => {
  repo = await makeRepo();
  const victims = ['victim-o', 'victim-manifest', 'victim-state'].map((name) => join(repo?.root as string, name));
  // The state is read before it is written: its victim holds a valid (empty) state.
  const content = ['precious\n', 'precious\n', '{"version":1,"repositories":{}}\n'];
  for (const [i, v] of victims.entries()) writeFileSync(v, content[i] as string, { mode: 0o644 });
  const names = ['findings.json', 'coverage.json', 'state.json'];
  for (const [i, name] of names.entries()) symlinkSync(victims[i] as string, join(repo.dir, name));
  await repo.commit({ 'app.env': `SLACK=${SECRET}\n` }, 'leak with planted links', { all: true });
  const run = await runCli(
    ['scan', '.', '-f', 'json', '--no-progress', '-o', names[0] as string, '--manifest', names[1] as string, '--state', names[2] as string],
    {
      cwd: repo.dir,
    },
  );
  expect(run.code, run.stderr).toBe(1);
  for (const [i, v] of victims.entries()) {
    expect(readFileSync(v, 'utf8')).toBe(content[i]);
    expect(statSync(v).mode & 0o777).toBe(0o644);
  }
  for (const name of names) {
    const path = join(repo.dir, name);
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  }
  expect(readFileSync(join(repo.dir, 'findings.json'), 'utf8')).toContain('app.env');
});
