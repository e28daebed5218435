// What a pre-commit hook's start loads: with the built-in rules and no config file, the YAML
// parser (some 70 modules) must not be loaded at all; the rule snapshot stands in for it.
// A repository with a .credsweep.yaml is the control that shows the check can see the parser.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';

const MAIN = pathToFileURL(resolve(import.meta.dirname, '../../dist/cli/main.js')).href;

// Runs the CLI's main() in a fresh node and reports which CommonJS modules of `yaml` it loaded.
function yamlModulesLoaded(cwd: string): string {
  const script = `
    import { createRequire } from 'node:module';
    const { main } = await import(${JSON.stringify(MAIN)});
    const code = await main(['node', 'credsweep', 'scan', '--staged', '--no-progress', '-f', 'json']);
    const cache = createRequire(${JSON.stringify(MAIN)}).cache;
    const yaml = Object.keys(cache).filter((k) => k.includes('/node_modules/yaml/'));
    process.stderr.write('\\nLOADED ' + JSON.stringify({ code, yaml: yaml.length }) + '\\n');
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  return run.stderr.toString('utf8');
}

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

describe('scan --staged start-up', () => {
  it('does not load the YAML parser when there is no YAML to read', async () => {
    repo = await makeRepo();
    writeFileSync(join(repo.dir, 'notes.txt'), 'nothing secret\n');
    await repo.git('add', 'notes.txt');
    expect(yamlModulesLoaded(repo.dir)).toMatch(/LOADED \{"code":0,"yaml":0\}/);
  });

  it('loads it for a repository with a config file (the check can see it)', async () => {
    repo = await makeRepo();
    writeFileSync(join(repo.dir, '.credsweep.yaml'), 'disabledRules: []\n');
    writeFileSync(join(repo.dir, 'notes.txt'), 'nothing secret\n');
    await repo.git('add', 'notes.txt');
    expect(yamlModulesLoaded(repo.dir)).toMatch(/LOADED \{"code":0,"yaml":[1-9]\d*\}/);
  });
});
