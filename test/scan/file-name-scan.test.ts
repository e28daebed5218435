// Filename rules end to end: a binary keystore found by its name in history (through trees) and
// on disk, with provenance, and one finding per keystore content.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function scan(...args: string[]): Promise<Finding[]> {
  const run = await runCli(['scan', ...args, '-f', 'json', '--no-progress']);
  expect(run.code).toBe(1);
  return (JSON.parse(run.stdout) as Finding[]).filter((f) => f.rule.startsWith('file.'));
}

describe('filename rules', () => {
  it('find a binary keystore in history by its name, with every path and commit it had', async () => {
    repo = await makeRepo();
    const keystore = Buffer.concat([Buffer.from([0x30, 0x82, 0x0a, 0x00, 0x00]), randomBytes(2000)]);
    const added = await repo.commit({ 'certs/server.p12': keystore }, 'add cert', { author: 'Dana Ops' });
    await repo.commit({ 'certs/server.p12': null, 'backup/old.pfx': keystore }, 'move cert');
    await repo.commit({ 'backup/old.pfx': null, 'README.md': 'clean\n' }, 'remove cert');
    const findings = await scan(repo.dir);
    expect(findings).toHaveLength(1);
    const f = findings[0] as Finding;
    expect(f).toMatchObject({ rule: 'file.pkcs12', file: 'certs/server.p12', line: 0, commit: added, author: 'Dana Ops', atHead: false });
    expect(f.occurrences.map((o) => o.file).sort()).toEqual(['backup/old.pfx', 'certs/server.p12']);
  });

  it('find it on disk by its base name', async () => {
    repo = await makeRepo();
    await repo.commit({ 'deploy/release.keystore': randomBytes(500), 'deploy/app.js': 'ok\n' }, 'keystore');
    const findings = await scan(repo.dir, '--no-history');
    expect(findings.map((f) => [f.rule, f.file])).toEqual([['file.java-keystore', 'deploy/release.keystore']]);
  });

  it('print the file without a line in text', async () => {
    repo = await makeRepo();
    await repo.commit({ 'vault.kdbx': randomBytes(300) }, 'db');
    const run = await runCli(['scan', repo.dir, '--no-progress', '--no-color']);
    expect(run.stdout).toMatch(/\n\s+vault\.kdbx\n/);
  });
});
