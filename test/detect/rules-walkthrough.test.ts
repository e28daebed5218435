// detectors/README.md's walkthrough rule, taken from the page itself: it must pass `rules check` and
// find what the page says it finds, so the documentation cannot drift from the format.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const page = readFileSync(resolve(import.meta.dirname, '../../detectors/README.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'credsweep-walkthrough-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first ```yaml block that holds `rules:`, un-indented. */
function walkthroughRule(): string {
  const block = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string).find((b) => b.trimStart().startsWith('rules:'));
  if (!block) throw new Error('detectors/README.md has no rule block');
  const indent = /^( *)/.exec(block)?.[1]?.length ?? 0;
  return block
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n');
}

describe('detectors/README.md walkthrough', () => {
  it('documents every key the loader knows', () => {
    const known = readFileSync(resolve(import.meta.dirname, '../../src/detect/rule-fields.ts'), 'utf8');
    const keys = [...known.matchAll(/^\s+'([a-zA-Z]+)',$/gm)].map((m) => m[1]);
    for (const key of ['id', 'name', 'kind', 'severity', 'keywords', ...keys]) expect(page).toContain(`| \`${key}\` |`);
  });

  it('gives a rule that passes rules check and finds the token the page shows', async () => {
    const file = join(dir, 'acme.yaml');
    writeFileSync(file, walkthroughRule());
    const check = await runCli(['rules', 'check', '--no-builtin-rules', '--rules', file]);
    expect(check.stderr).toBe('');
    expect(check.stdout).toBe('1 rules checked, 0 problem(s)\n');
    writeFileSync(join(dir, 'settings.env'), 'ACME_TOKEN=acme_live_Zk3Rw8Tn5Qm2Lp7Vx4Hc9Bd6Js1Fg0Ua\n');
    const scan = await runCli(['scan', dir, '--no-history', '--rules', file, '--no-progress', '-f', 'json', '-q']);
    expect((JSON.parse(scan.stdout) as { rule: string }[]).map((f) => f.rule)).toContain('acme.api-token');
  });
});
