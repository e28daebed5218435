// Objects history names but the store lacks: a loose blob deleted from a mirror (what
// `git fsck` calls a missing blob) and a partial clone's never-fetched blobs. Each must be named
// with its id and what names it, and the scan must end incomplete (exit 3), never clean.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { git, gitEnv } from '../support/shell-git.js';

let root: string;
let source: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cs-missing-'));
  source = join(root, 'source');
  const env = gitEnv(root);
  await git(root, ['init', '-q', source], env);
  writeFileSync(join(source, 'README.md'), 'service\n');
  writeFileSync(join(source, 'deploy.env'), 'REGION=eu-west-1\n');
  await git(source, ['add', '-A'], env);
  await git(source, ['commit', '-q', '-m', 'one'], env);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('objects named by history but absent', () => {
  it('a mirror missing a blob is incomplete, naming the blob, its tree, commit and path', async () => {
    const mirror = join(root, 'mirror.git');
    const env = gitEnv(root);
    // A push of fewer objects than transfer.unpackLimit (100) arrives loose, so one can be deleted.
    await git(root, ['init', '-q', '--bare', mirror], env);
    await git(source, ['push', '-q', '--mirror', mirror], env);
    const blob = await git(mirror, ['rev-parse', 'HEAD:deploy.env'], env);
    const commit = await git(mirror, ['rev-parse', 'HEAD'], env);
    rmSync(join(mirror, 'objects', blob.slice(0, 2), blob.slice(2)));
    const run = await runCli(['scan', mirror, '--no-progress']);
    expect(run.code, run.stdout + run.stderr).toBe(3);
    expect(run.stdout).toContain('INCOMPLETE SCAN');
    expect(run.stdout).toMatch(
      new RegExp(
        `GIT_MISSING_OBJECT.*blob ${blob}, named by tree [0-9a-f]{40} as "deploy.env" \\(commit ${commit}, path deploy.env\\), is not in the object store`,
      ),
    );
  });

  it('a partial clone is named as one, with what it never fetched', async () => {
    await git(source, ['config', 'uploadpack.allowFilter', 'true'], gitEnv(root));
    const partial = join(root, 'partial');
    await git(root, ['clone', '-q', '--no-checkout', '--filter=blob:none', `file://${source}`, partial], gitEnv(root));
    const run = await runCli(['scan', partial, '--no-progress']);
    expect(run.code, run.stdout + run.stderr).toBe(3);
    expect(run.stdout).toMatch(
      /GIT_PARTIAL_CLONE.*is a partial clone \(promisor packs\): 2 object\(s\) its history names were never fetched/,
    );
  });
});
