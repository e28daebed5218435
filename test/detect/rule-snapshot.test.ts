import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleFiles } from '../../src/detect/rule-load.js';
import { readRuleSnapshot, writeRuleSnapshot } from '../../src/detect/rule-snapshot.js';

const root = mkdtempSync(join(tmpdir(), 'credsweep-snapshot-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const RULE = (id: string) => `rules:
  - id: acme.${id}
    name: Acme ${id}
    kind: secret
    severity: high
    keywords: [acme_]
    pattern: '\\b(acme_[0-9a-f]{32})\\b'
    secretGroup: 1
    examples: ['acme_0123456789abcdef0123456789abcdef']
`;

function folder(name: string): { dir: string; snapshot: string } {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(join(dir, 'acme.yaml'), RULE('token'));
  const snapshot = join(root, `${name}.json`);
  writeRuleSnapshot(dir, loadRuleFiles([dir]), snapshot);
  return { dir, snapshot };
}

describe('rule snapshot', () => {
  it('gives back the loaded rules, with their files resolved in the folder', () => {
    const { dir, snapshot } = folder('same');
    expect(readRuleSnapshot(dir, snapshot)).toEqual(loadRuleFiles([dir]));
  });

  it('is still used when only file dates change (npm pack sets every date to 1985)', () => {
    const { dir, snapshot } = folder('redated');
    const packed = new Date('1985-10-26T08:15:00Z');
    utimesSync(join(dir, 'acme.yaml'), packed, packed);
    expect(readRuleSnapshot(dir, snapshot)).toEqual(loadRuleFiles([dir]));
  });

  it('is ignored once a rule file changes, even keeping its size and date', () => {
    const { dir, snapshot } = folder('same-size');
    const before = statSync(join(dir, 'acme.yaml'));
    writeFileSync(join(dir, 'acme.yaml'), RULE('tokex'));
    utimesSync(join(dir, 'acme.yaml'), before.atime, before.mtime);
    expect(statSync(join(dir, 'acme.yaml')).size).toBe(before.size);
    expect(readRuleSnapshot(dir, snapshot)).toBeNull();
  });

  it('is ignored once a rule file changes, appears or the snapshot is missing', () => {
    const { dir, snapshot } = folder('changed');
    writeFileSync(join(dir, 'acme.yaml'), RULE('other'));
    expect(readRuleSnapshot(dir, snapshot)).toBeNull();
    const again = folder('added');
    writeFileSync(join(again.dir, 'more.yaml'), 'rules: []\n');
    expect(readRuleSnapshot(again.dir, again.snapshot)).toBeNull();
    expect(readRuleSnapshot(again.dir, join(root, 'missing.json'))).toBeNull();
  });
});
