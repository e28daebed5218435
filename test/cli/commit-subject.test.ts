// The commit that brought a secret in is named with its subject line, in the text report and the
// findings JSON, for a history scan and a range scan alike. The message is the repository's text:
// escape sequences in it reach the terminal neutralised, and a long one is cut.
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const SECRET = 'xoxb-6104938271-5647382910456-QmVx3LpRt8NwZk2HsYcB7dJe';
// Clears the screen and retitles the window.
const ESCAPES = '\x1b[2J\x1b]0;owned\x07';

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function leakyRepo(subject: string): Promise<{ base: string; leak: string }> {
  repo = await makeRepo();
  const base = await repo.commit({ 'README.md': 'hi\n' }, 'base');
  const leak = await repo.commit({ 'deploy/app.env': `SLACK=${SECRET}\n` }, `${subject}\n\nBody text that is not shown.`);
  return { base, leak };
}

describe('the commit subject', () => {
  it('is printed, escaped, on the commit line of the text report', async () => {
    const { leak } = await leakyRepo(`Add deploy config ${ESCAPES}now`);
    const run = await runCli(['scan', '.', '--no-progress', '--no-color'], { cwd: repo?.dir });
    expect(run.code, run.stderr).toBe(1);
    const line = run.stdout.split('\n').find((l) => l.includes(`commit ${leak.slice(0, 12)}`));
    expect(line).toContain('· "Add deploy config \\x1b[2J\\x1b]0;owned\\x07now"');
    expect(run.stdout).not.toMatch(/[\x07\x1b]/);
    expect(run.stdout).not.toContain('Body text');
  });

  it('is in the findings JSON of a history scan and of a range scan, cut when long', async () => {
    const long = `Import settings ${'x'.repeat(300)}`;
    const { base, leak } = await leakyRepo(long);
    const cut = `${long.slice(0, 120)}…`;
    for (const args of [['.'], ['--since-commit', base]]) {
      const run = await runCli(['scan', ...args, '-f', 'json', '--no-progress'], { cwd: repo?.dir });
      expect(run.code, run.stderr).toBe(1);
      const [finding] = JSON.parse(run.stdout) as Finding[];
      expect(finding?.occurrences.map((o) => [o.commit, o.subject])).toEqual([[leak, cut]]);
    }
  });

  it('is absent outside git', async () => {
    const run = await runCli(['scan', '-', '-f', 'json', '--no-progress'], { input: `SLACK=${SECRET}\n` });
    const [finding] = JSON.parse(run.stdout) as Finding[];
    expect(finding?.occurrences[0]).not.toHaveProperty('subject');
  });
});
