// A scanned target's own .credsweepignore and .credsweep.yaml cannot silence the scan of it:
// they apply only with --trust-target-config or in the modes that scan the user's own
// repository, and then what they suppressed is listed. Files they point at are read only if
// regular and bounded, so a FIFO or /dev/zero cannot hang the run or fill memory.
import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const SECRET = 'xoxb-6029384751-8172635490123-TzYq4NcWbR8kLp2xVmE7sHuJ';

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function leaked(files: Record<string, string>): Promise<GitFixture> {
  repo = await makeRepo();
  await repo.commit({ 'app.env': `SLACK=${SECRET}\n`, ...files }, 'leak');
  return repo;
}

async function scan(target: GitFixture, ...args: string[]): Promise<{ code: number | null; findings: Finding[]; stderr: string }> {
  const run = await runCli(['scan', target.dir, '-f', 'json', '--no-progress', ...args]);
  if (run.stdout === '') throw new Error(`exit ${run.code}: ${run.stderr}`);
  return { code: run.code, findings: JSON.parse(run.stdout) as Finding[], stderr: run.stderr };
}

describe("a scanned target's own settings", () => {
  it.each([
    ['.credsweepignore with *', { '.credsweepignore': '*\n' }],
    ['.credsweep.yaml allowing every secret', { '.credsweep.yaml': "allowSecrets: ['.*']\nfailOn: none\n" }],
    ['.credsweep.yaml allowing every path', { '.credsweep.yaml': "allowPaths: ['*']\n" }],
  ])('%s does not silence the scan of it, and is named as not applied', async (_what, files) => {
    const target = await leaked(files);
    const run = await scan(target);
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => f.file)).toContain('app.env');
    expect(run.stderr).toMatch(/not applied: .*\.credsweep(ignore|\.yaml)/);
  });

  it('applies with --trust-target-config and lists what it suppressed', async () => {
    const target = await leaked({ '.credsweepignore': '*.env\n' });
    const run = await scan(target, '--trust-target-config');
    expect(run).toMatchObject({ code: 0, findings: [] });
    expect(run.stderr).toMatch(/1 finding\(s\) suppressed by settings found inside the scanned target/);
    expect(run.stderr).toMatch(/slack\.bot-token in app\.env:1 \(.*\.credsweepignore: \*\.env\)/);
  });

  it('allowSecrets applied by trust is listed too', async () => {
    const target = await leaked({ '.credsweep.yaml': "allowSecrets: ['^xoxb-']\n" });
    const run = await scan(target, '--trust-target-config');
    expect(run.findings).toEqual([]);
    expect(run.stderr).toMatch(/slack\.bot-token in app\.env:1 \(allowSecrets of .*\.credsweep\.yaml\)/);
  });

  it('applies in the staged mode, the repository the user works in, and lists it', async () => {
    const target = await leaked({ '.credsweepignore': 'staged.env\n' });
    writeFileSync(join(target.dir, 'staged.env'), `SLACK=${SECRET}\n`);
    await target.git('add', 'staged.env');
    const run = await runCli(['scan', '--staged', '-f', 'json', '--no-progress'], { cwd: target.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/slack\.bot-token in staged\.env:1/);
  });

  it.each([
    ['a FIFO', (path: string) => execFileSync('mkfifo', [path])],
    ['a symlink to /dev/zero', (path: string) => symlinkSync('/dev/zero', path)],
  ])('baseline: and rules: naming %s stop with an error naming the file, not a hang', async (_what, make) => {
    const target = await leaked({ '.credsweep.yaml': 'baseline: planted.json\n' });
    make(join(target.dir, 'planted.json'));
    const run = await runCli(['scan', target.dir, '--trust-target-config', '--no-progress']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/planted\.json.*not a regular file/);
    writeFileSync(join(target.dir, '.credsweep.yaml'), 'rules: [planted.json]\n');
    const rules = await runCli(['scan', target.dir, '--trust-target-config', '--no-progress']);
    expect(rules.code).toBe(2);
    expect(rules.stderr).toMatch(/planted\.json.*not a regular file/);
  });

  it('a not-applied config that is a FIFO is never opened', async () => {
    const target = await leaked({});
    execFileSync('mkfifo', [join(target.dir, '.credsweep.yaml')]);
    execFileSync('mkfifo', [join(target.dir, '.credsweepignore')]);
    const run = await scan(target);
    expect(run.code).toBe(1);
    expect(existsSync(join(target.dir, '.credsweep.yaml'))).toBe(true);
  });
});
