// Commit ranges: --since-commit and --log-opts for CI, --pre-push for the hook. Each finding is
// placed in the commit that added it, and only added lines count.
import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { fixtureEnv, type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const OLD = 'xoxb-2374618290-4938271650123-IzId6By2ZJ0CxkKdwsA6T6go';
const NEW = 'xoxb-8317460152-1093847561234-wzl4YcgUtwJM811zpsisMrBN';

let repo: GitFixture | undefined;
let remote: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  await remote?.cleanup();
  repo = undefined;
  remote = undefined;
});

async function scan(args: string[], input?: string): Promise<{ code: number | null; findings: Finding[]; stderr: string }> {
  const dir = (repo as GitFixture).dir;
  const run = await runCli(['scan', ...args, '-f', 'json', '--show-secrets', '--no-progress'], { cwd: dir, input });
  if (run.code === 2 || run.stdout === '') throw new Error(`exit ${run.code}: ${run.stderr}`);
  return { code: run.code, findings: JSON.parse(run.stdout) as Finding[], stderr: run.stderr };
}

async function history(): Promise<{ base: string; leak: string; fix: string }> {
  repo = await makeRepo();
  const base = await repo.commit({ 'app.env': `OLD=${OLD}\n` }, 'base with an old secret', { author: 'Old Timer' });
  const leak = await repo.commit({ 'app.env': `OLD=${OLD}\nNEW=${NEW}\n` }, 'leak', { author: 'Eve Dev' });
  const fix = await repo.commit({ 'app.env': `OLD=${OLD}\n`, 'notes.md': 'fixed\n' }, 'remove it');
  return { base, leak, fix };
}

describe('commit ranges', () => {
  it('--since-commit scans only what later commits added, placed in the commit that added it', async () => {
    const { base, leak } = await history();
    const { code, findings } = await scan(['--since-commit', base]);
    expect(code).toBe(1);
    expect(findings.map((f) => [f.secret, f.file, f.line, f.commit, f.author])).toEqual([[NEW, 'app.env', 2, leak, 'Eve Dev']]);
  });

  it('a control byte in an added line does not cut the commit short', async () => {
    repo = await makeRepo();
    const base = await repo.commit({ 'README.md': 'start\n' }, 'start');
    // \x01 is the record separator of the git log format read: content holding one must not split a record.
    const leak = await repo.commit({ 'a.txt': 'before\n\x01abc def\nafter \x01 x\n', 'b.env': `NEW=${NEW}\n` }, 'two files');
    const { code, findings } = await scan(['--since-commit', base]);
    expect(code).toBe(1);
    expect(findings.map((f) => [f.secret, f.file, f.commit])).toEqual([[NEW, 'b.env', leak]]);
  });

  it('--since-commit at the tip finds nothing; --log-opts takes git log arguments', async () => {
    const { base, fix } = await history();
    expect((await scan(['--since-commit', fix])).code).toBe(0);
    const all = await scan(['--log-opts', '--all']);
    expect(all.findings.map((f) => f.secret).sort()).toEqual([NEW, OLD].sort());
    expect(all.findings.find((f) => f.secret === OLD)?.commit).toBe(base);
    await expect(scan(['--log-opts', '--output=/tmp/x'])).rejects.toThrow(/--output=\/tmp\/x is not allowed/);
  });

  it('--pre-push scans the commits a push sends, read from stdin as git gives them', async () => {
    const { base, fix } = await history();
    const zeros = '0'.repeat(40);
    const update = await scan(['--pre-push'], `refs/heads/main ${fix} refs/heads/main ${base}\n`);
    expect(update.findings.map((f) => f.secret)).toEqual([NEW]);
    expect(update.stderr).toContain('push stopped');
    const deletion = await scan(['--pre-push'], `(delete) ${zeros} refs/heads/old ${base}\n`);
    expect(deletion).toMatchObject({ code: 0, findings: [] });
  });

  it('the installed pre-push hook stops a push of a new branch holding a secret', async () => {
    await history();
    remote = await makeRepo({ bare: true });
    const env = fixtureEnv((repo as GitFixture).root);
    const dir = (repo as GitFixture).dir;
    const install = await runCli(['hook', 'install', '--pre-push'], { cwd: dir, env });
    expect(install.code, install.stderr).toBe(0);
    const push = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile('git', ['push', remote?.dir as string, 'main'], { cwd: dir, env }, (err, _o, stderr) =>
        resolve({ code: err ? 1 : 0, stderr: String(stderr) }),
      );
    });
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('push stopped');
    expect(await remote.git('branch', '--list')).toBe('');
  });

  it('refuses two ways of choosing commits at once', async () => {
    await history();
    const run = await runCli(['scan', '--staged', '--since-commit', 'HEAD~1'], { cwd: (repo as GitFixture).dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--since-commit and --staged cannot be used together/);
  });

  it('says a secret the HEAD commit adds is at HEAD, on the branch, and one a later commit removed is not', async () => {
    const { base, leak } = await history();
    const branch = await (repo as GitFixture).git('symbolic-ref', 'HEAD');
    const removed = await scan(['--since-commit', base]);
    expect(removed.findings.map((f) => [f.atHead, f.reachable, f.occurrences[0]?.refs])).toEqual([[false, true, [branch]]]);
    await (repo as GitFixture).git('reset', '-q', '--hard', leak);
    const atHead = await scan(['--since-commit', base]);
    expect(atHead.findings.map((f) => [f.atHead, f.occurrences[0]?.refs])).toEqual([[true, [branch]]]);
    const text = await runCli(['scan', '--since-commit', base, '--no-progress', '--no-color'], { cwd: (repo as GitFixture).dir });
    expect(text.stdout).toMatch(/at HEAD/i);
    expect(text.stdout).not.toMatch(/removed from HEAD/);
  });
});
