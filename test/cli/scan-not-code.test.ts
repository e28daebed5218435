// Files that are not code and placeholders, end to end through a history scan: a ctags index
// that copies a password line, a minified bundle with a generic-looking assignment, and an API
// reference's `'Password': 'string'` are left out and counted; a real-looking password in code
// is still reported.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { git, gitEnv } from '../support/shell-git.js';

let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cs-not-code-'));
  await git(root, ['init', '-q']);
  writeFileSync(
    join(root, 'tags'),
    '!_TAG_FILE_FORMAT\t2\t/extended format/\nrequirepass\tsrc/server.h\t/^requirepass Zq7Lm2Xp9Tv4$/;"\tm\n',
  );
  writeFileSync(join(root, 'bundle.min.js'), `!function(){var password = "Ul8vQ2nR5kW";${'var a=1;'.repeat(800)}}();`);
  writeFileSync(join(root, 'client.py'), "client.create_user(UserName='svc', Password='string')\n");
  writeFileSync(join(root, 'settings.py'), 'DB_PASSWORD = "Hq3vZ8rLm2wT"\n');
  const env = gitEnv(root, '2024-05-01T10:00:00Z', 'Erin Dev');
  await git(root, ['add', '-A'], env);
  await git(root, ['commit', '-q', '-m', 'files'], env);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('credsweep scan of files that are not code', () => {
  it('reports the password in code only, and counts what it left out', async () => {
    const json = await runCli(['scan', root, '--format', 'json', '--show-secrets']);
    const findings = JSON.parse(json.stdout) as Finding[];
    expect(findings.map((f) => [f.file, f.secret])).toEqual([['settings.py', 'Hq3vZ8rLm2wT']]);
    expect(json.stderr).toMatch(/1 suppressed; Not code: 1 tags file skipped; generic matches left out of 1 minified bundle/);
    const text = await runCli(['scan', root, '--no-color']);
    expect(text.stdout).toMatch(/Not code: 1 tags file skipped; generic matches left out of 1 minified bundle\./);
  });
});
