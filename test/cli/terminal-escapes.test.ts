// Terminal escape sequences in the scanned material (file names, ref lines) never reach the
// terminal raw: the -o summary on stderr and the --staged advice show them escaped.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const SECRET = 'xoxb-9081726354-1029384756123-ZaQwSxCdEfVrBgTnHyUjMkLo';
// Clears the screen and retitles the window.
const ESCAPES = '\x1b[2J\x1b]0;owned\x07';

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

it('the --staged advice shows a file name holding escape sequences escaped', async () => {
  repo = await makeRepo();
  await repo.commit({ 'README.md': 'hi\n' }, 'base');
  const name = `evil${ESCAPES}.env`;
  writeFileSync(join(repo.dir, name), `SLACK=${SECRET}\n`);
  await repo.git('add', '--', name);
  const run = await runCli(['scan', '--staged', '--no-progress'], { cwd: repo.dir });
  expect(run.code, run.stderr).toBe(1);
  expect(run.stderr).toContain('commit stopped');
  expect(run.stderr).not.toMatch(/[\x07\x1b]/);
  expect(run.stderr).toContain('\\x1b[2J');
});

it('the summary after -o shows an issue message holding escape sequences escaped', async () => {
  repo = await makeRepo();
  await repo.commit({ 'app.env': `SLACK=${SECRET}\n` }, 'leak');
  appendFileSync(join(repo.dir, '.git', 'packed-refs'), `not-an-oid refs/heads/x${ESCAPES}\n`);
  const run = await runCli(['scan', '.', '-f', 'json', '-o', join(repo.root, 'out.json'), '--no-progress'], { cwd: repo.dir });
  expect(run.code, run.stderr).toBe(3);
  expect(run.stderr).toContain('unreadable packed-refs line');
  expect(run.stderr).not.toMatch(/[\x07\x1b]/);
});
