// action.yml: its inputs are declared, documented and used, no input is pasted into a script,
// and its scan step, run the way the runner runs it, writes SARIF and sets its outputs.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixtureEnv, type GitFixture, makeRepo } from '../support/git-fixture.js';
import { CHECKOUT } from '../support/package-install.js';

interface Step {
  id?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const source = readFileSync(join(CHECKOUT, 'action.yml'), 'utf8');
const action = parse(source) as Action;
const TOKEN = 'xoxb-6402981735-3321049586723-hWq8Lz2NcVbX5mKt7RpYs9Ue';
const expression = /\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g;

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

/** Runs the scan step's script as the runner would: inputs through the step's env, outputs to a file. */
function runScanStep(cwd: string, inputs: Record<string, string>): Promise<{ code: number; outputs: string; stderr: string }> {
  const step = action.runs.steps.find((s) => s.id === 'scan') as Step;
  const given = (name: string) => inputs[name] ?? action.inputs[name]?.default ?? '';
  const stepEnv = Object.fromEntries(
    Object.entries(step.env ?? {}).map(([k, v]) => [k, v.replace(expression, (_m, name: string) => given(name))]),
  );
  const outputFile = join(cwd, '..', 'github-output');
  const env = { ...fixtureEnv(join(cwd, '..')), ...stepEnv, GITHUB_ACTION_PATH: CHECKOUT, GITHUB_OUTPUT: outputFile };
  return new Promise((resolve) => {
    execFile('bash', ['-e', '-c', step.run as string], { cwd, env }, (err, _out, stderr) => {
      let outputs = '';
      try {
        outputs = readFileSync(outputFile, 'utf8');
      } catch {}
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, outputs, stderr: String(stderr) });
    });
  });
}

describe('action.yml', () => {
  it('is a composite action whose every input and output is described', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.description.length).toBeGreaterThan(20);
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toMatch(/\w{3,}/);
    for (const [name, output] of Object.entries(action.outputs)) expect(output.description, name).toMatch(/\w{3,}/);
  });

  it('uses every input it declares and declares every input it uses', () => {
    const used = new Set([...source.matchAll(expression)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('never pastes an expression into a script', () => {
    for (const step of action.runs.steps) if (step.run) expect(step.run).not.toContain('${{');
  });

  it('is documented in the README, input by input', () => {
    const readme = readFileSync(join(CHECKOUT, 'README.md'), 'utf8');
    for (const name of Object.keys(action.inputs)) expect(readme).toContain(`\`${name}\``);
  });

  it('scans, writes SARIF and reports the exit code; since-commit limits the scan to new commits', async () => {
    repo = await makeRepo();
    await repo.commit({ 'deploy.env': `SLACK_TOKEN=${TOKEN}\n` }, 'add deploy settings');
    const found = await runScanStep(repo.dir, {});
    expect(found.code).toBe(1);
    expect(found.outputs).toContain('exit-code=1');
    expect(found.outputs).toContain('sarif-file=credsweep.sarif');
    const sarif = JSON.parse(readFileSync(join(repo.dir, 'credsweep.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['slack.bot-token']);

    await repo.commit({ 'README.md': 'hello\n' }, 'docs');
    const since = await runScanStep(repo.dir, { 'since-commit': 'HEAD~1', 'sarif-file': 'new.sarif', args: '--quiet' });
    expect(since.stderr).toBe('');
    expect(since.code).toBe(0);
    expect(JSON.parse(readFileSync(join(repo.dir, 'new.sarif'), 'utf8')).runs[0].results).toEqual([]);

    const tolerant = await runScanStep(repo.dir, { 'fail-on': 'none' });
    expect(tolerant.code).toBe(0);
  });
});
