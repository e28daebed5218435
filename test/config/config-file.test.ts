import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDisabledRules, findConfigFile, loadConfigFile } from '../../src/config/config-file.js';
import { codeOf } from '../support/error-code.js';

const dir = mkdtempSync(join(tmpdir(), 'credsweep-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function write(text: string): string {
  const file = join(dir, `config-${++n}.yaml`);
  writeFileSync(file, text);
  return file;
}

function errorOf(text: string): string {
  try {
    loadConfigFile(write(text), true);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('loadConfigFile', () => {
  it('reads every setting, resolving paths against the config file', () => {
    const file = write(`rules: [./team-rules.yaml]
disabledRules: [generic.password]
allowPaths: ['test/fixtures/**']
allowSecrets: ['^dummy-']
failOn: high
format: sarif
intel: true
baseline: .credsweep-baseline.json
maxBlobSize: 10MB
`);
    expect(loadConfigFile(file, true)).toEqual({
      file,
      rules: [join(dir, 'team-rules.yaml')],
      disabledRules: [{ id: 'generic.password', line: 2 }],
      allowPaths: ['test/fixtures/**'],
      allowSecrets: ['^dummy-'],
      failOn: 'high',
      format: 'sarif',
      intel: true,
      baseline: join(dir, '.credsweep-baseline.json'),
      maxBlobSize: '10MB',
    });
  });

  it('treats an empty file and a missing optional file as empty settings', () => {
    expect(loadConfigFile(write(''), true).rules).toEqual([]);
    expect(loadConfigFile(join(dir, 'absent.yaml'), false).file).toBeNull();
    expect(codeOf(() => loadConfigFile(join(dir, 'absent.yaml'), true))).toBe('CONFIG_UNREADABLE');
  });

  it('names the file, line and key of every mistake', () => {
    expect(errorOf('failOn: high\ndisabledRule: [x.y]\n')).toMatch(/config-\d+\.yaml:2: key "disabledRule": unknown key/);
    expect(errorOf('failOn: severe\n')).toMatch(/:1: key "failOn": "severe" is not one of/);
    expect(errorOf('format: xml\n')).toMatch(/:1: key "format": "xml" is not one of/);
    expect(errorOf("allowSecrets:\n  - 'ok'\n  - '(unclosed'\n")).toMatch(
      /:3: key "allowSecrets": "\(unclosed" does not compile under RE2/,
    );
    expect(errorOf('allowPaths: test/**\n')).toMatch(/:1: key "allowPaths": expected a list of strings/);
    expect(errorOf('disabledRules: [Generic_Password]\n')).toMatch(/:1: key "disabledRules": "Generic_Password" is not a rule id/);
    expect(errorOf('intel: yes please\n')).toMatch(/:1: key "intel": expected true or false/);
    expect(errorOf('maxBlobSize: huge\n')).toMatch(/:1: key "maxBlobSize": "huge" is not a size/);
    expect(errorOf('rules: [a\n')).toMatch(/config-\d+\.yaml:\d+: YAML: /);
    expect(errorOf('- a\n- b\n')).toMatch(/:1: expected a mapping of settings/);
  });

  it('rejects a disabled rule id that names no rule, with its line', () => {
    const config = loadConfigFile(write('failOn: low\ndisabledRules:\n  - slack.bot-token\n  - slack.bot-tokn\n'), true);
    expect(() => checkDisabledRules(config, new Set(['slack.bot-token']))).toThrow(
      /:4: key "disabledRules": no rule has the id "slack\.bot-tokn"/,
    );
  });

  it('is found as .credsweep.yaml or .credsweep.yml', () => {
    expect(findConfigFile(dir)).toBeNull();
    writeFileSync(join(dir, '.credsweep.yml'), 'failOn: high\n');
    expect(findConfigFile(dir)).toBe(join(dir, '.credsweep.yml'));
  });
});
