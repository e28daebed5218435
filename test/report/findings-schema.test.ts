// The findings JSON contract is published as src/findings.schema.json; what `scan -f json` really
// prints must validate against it, for history, plain files and stdin alike.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepo } from '../../src/cli/demo-repo.js';
import { runCli } from '../support/run-cli.js';

let dir: string;
let validate: ReturnType<Ajv['compile']>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credsweep-schema-'));
  await buildDemoRepo(join(dir, 'repo'));
  const schema = JSON.parse(await readFile(resolve(import.meta.dirname, '../../src/findings.schema.json'), 'utf8'));
  validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function check(stdout: string): unknown[] {
  const findings = JSON.parse(stdout) as unknown[];
  const ok = validate(findings);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
  return findings;
}

describe('findings JSON schema', () => {
  it('validates the findings of a git history scan', async () => {
    const run = await runCli(['scan', join(dir, 'repo'), '-f', 'json']);
    expect(run.code).toBe(1);
    expect(check(run.stdout).length).toBeGreaterThan(2);
  });

  it('validates the findings of a directory and of stdin, secrets shown or not', async () => {
    const files = join(dir, 'files');
    await runCli(['scan', join(dir, 'repo'), '--no-history', '-f', 'json']).then((r) => check(r.stdout));
    await writeFile(`${files}.env`, 'GITHUB_TOKEN=ghp_R8vK2mQx7TzL4pWn9sBc1HdJ6yFa3uGe0Io5\n');
    const stdin = await runCli(['scan', '-', '-f', 'json', '--show-secrets'], { input: await readFile(`${files}.env`) });
    expect(check(stdin.stdout)).toHaveLength(1);
  });

  it('validates a finding found only after decoding', async () => {
    const encoded = Buffer.from('GITHUB_TOKEN=ghp_R8vK2mQx7TzL4pWn9sBc1HdJ6yFa3uGe0Io5\n').toString('base64');
    const run = await runCli(['scan', '-', '-f', 'json'], { input: `payload: ${encoded}\n` });
    const findings = check(run.stdout) as { decoded?: string }[];
    expect(findings.some((f) => f.decoded === 'base64')).toBe(true);
  });

  it('rejects a finding that breaks the contract', () => {
    expect(validate([{ id: 'x', rule: 'Not An Id' }])).toBe(false);
  });
});
