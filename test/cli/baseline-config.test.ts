// Baselines and .credsweep.yaml end to end: the real CLI on real repositories, and a real
// `git commit` through the installed hook passing thanks to a baseline entry.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { fixtureEnv, type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const OLD = 'xoxb-2374618290-4938271650123-IzId6By2ZJ0CxkKdwsA6T6go';
const NEW = 'xoxb-8317460152-1093847561234-wzl4YcgUtwJM811zpsisMrBN';

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

const cli = (...args: string[]) => runCli(args, { cwd: (repo as GitFixture).dir, env: fixtureEnv((repo as GitFixture).root) });

async function findings(...args: string[]): Promise<{ code: number | null; secrets: string[]; stderr: string }> {
  const run = await cli('scan', '.', '-f', 'json', '--show-secrets', '--no-progress', '--trust-target-config', ...args);
  if (run.code === 2) throw new Error(run.stderr);
  return { code: run.code, secrets: (JSON.parse(run.stdout) as Finding[]).map((f) => f.secret), stderr: run.stderr };
}

describe('baselines', () => {
  it('baseline create, then --baseline reports only what is new (and counts what it silenced)', async () => {
    repo = await makeRepo();
    await repo.commit({ 'old.env': `SLACK=${OLD}\n` }, 'old');
    const created = await cli('baseline', 'create', '-o', 'baseline.json');
    expect(created.code).toBe(0);
    expect(readFileSync(join(repo.dir, 'baseline.json'), 'utf8')).not.toContain(OLD);
    expect(await findings('--baseline', 'baseline.json')).toMatchObject({ code: 0, secrets: [] });
    await repo.commit({ 'new.env': `SLACK=${NEW}\n` }, 'new');
    const after = await findings('--baseline', 'baseline.json');
    expect(after.code).toBe(1);
    expect(after.secrets).toEqual([NEW]);
    expect(after.stderr).toMatch(/1 finding/);
  });

  it('lets a commit through the hook when its finding is in the baseline named by .credsweep.yaml', async () => {
    repo = await makeRepo();
    const env = fixtureEnv(repo.root);
    writeFileSync(join(repo.dir, 'app.env'), `SLACK=${OLD}\n`);
    await repo.git('add', 'app.env');
    // The baseline is made from the staged change, as a team adopting the hook would.
    const json = await cli('scan', '--staged', '-f', 'json', '--no-progress');
    writeFileSync(join(repo.dir, 'known.json'), json.stdout);
    writeFileSync(join(repo.dir, '.credsweep.yaml'), 'baseline: known.json\n');
    expect((await cli('hook', 'install')).code).toBe(0);
    const code = await new Promise<number>((resolve) =>
      execFile('git', ['commit', '-q', '-m', 'known secret'], { cwd: repo?.dir, env }, (err) => resolve(err ? 1 : 0)),
    );
    expect(code).toBe(0);
  });
});

describe(".credsweep.yaml (the user's own repository: --trust-target-config)", () => {
  it('disables rules, allows paths and secrets, and sets defaults that flags override', async () => {
    repo = await makeRepo();
    await repo.commit(
      {
        'src/app.env': `SLACK=${OLD}\n`,
        'fixtures/demo.env': `SLACK=${NEW}\n`,
        'keys.txt': 'DATABRICKS_TOKEN=dapi0123456789abcdef0123456789abcdef\n',
      },
      'three',
    );
    writeFileSync(join(repo.dir, '.credsweep.yaml'), `allowPaths: ['fixtures/']\nallowSecrets: ['^dapi0123']\nfailOn: none\n`);
    const run = await findings();
    expect(run.secrets).toEqual([OLD]);
    expect(run.code).toBe(0); // failOn: none from the file
    expect((await findings('--fail-on', 'low')).code).toBe(1); // the flag wins
    writeFileSync(join(repo.dir, '.credsweep.yaml'), 'disabledRules: [slack.bot-token]\nallowPaths: [fixtures/]\n');
    expect((await findings()).secrets).toEqual(['dapi0123456789abcdef0123456789abcdef']);
  });

  it('stops with the file, line and key of a mistake', async () => {
    repo = await makeRepo();
    await repo.commit({ 'a.txt': 'a\n' }, 'a');
    writeFileSync(join(repo.dir, '.credsweep.yaml'), 'failOn: high\ndisabledRules: [slack.bot-tokn]\n');
    const run = await cli('scan', '.', '--trust-target-config');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.credsweep\.yaml:2: key "disabledRules": no rule has the id "slack\.bot-tokn"/);
    const explicit = await cli('scan', '.', '--config', 'missing.yaml');
    expect(explicit.code).toBe(2);
    expect(explicit.stderr).toMatch(/missing\.yaml cannot be read/);
  });
});
