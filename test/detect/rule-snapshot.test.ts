import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleFiles } from '../../src/detect/rule-load.js';
import { docsFile, examplesFile, readRuleSnapshot, stampSnapshot, writeRuleSnapshot } from '../../src/detect/rule-snapshot.js';
import { snapshotId, statStampFile, statStampMatches } from '../../src/detect/snapshot-stat-stamp.js';

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
    description: Reads the Acme account of its owner.
    revoke: Delete the token in the Acme console.
    references: ['https://acme.example/tokens']
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

  it('in a package npm installed, trusts the listing: an in-place edit needs a reinstall, a new file does not', () => {
    const dir = join(root, 'node_modules', 'credsweep', 'detectors');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'acme.yaml'), RULE('token'));
    const snapshot = join(root, 'node_modules', 'credsweep', 'rules.json');
    writeRuleSnapshot(dir, loadRuleFiles([dir]), snapshot);
    const built = loadRuleFiles([dir]);
    writeFileSync(join(dir, 'acme.yaml'), RULE('other'));
    expect(readRuleSnapshot(dir, snapshot)).toEqual(built);
    writeFileSync(join(dir, 'more.yaml'), 'rules: []\n');
    expect(readRuleSnapshot(dir, snapshot)).toBeNull();
  });

  it('keeps the examples in a file of their own, which a scan does not read', () => {
    const { dir, snapshot } = folder('examples');
    const full = loadRuleFiles([dir]);
    expect(readFileSync(snapshot, 'utf8')).not.toContain('acme_0123456789abcdef');
    rmSync(examplesFile(snapshot));
    const lean = readRuleSnapshot(dir, snapshot, { examples: false });
    expect(lean).toEqual(full.map((r) => ({ ...r, examples: [], negativeExamples: [] })));
    // Without its examples file the snapshot cannot give what `rules check` needs: the YAML is read instead.
    expect(readRuleSnapshot(dir, snapshot)).toBeNull();
  });

  it('keeps the documentation in a file of its own, which a scan without SARIF does not read', () => {
    const { dir, snapshot } = folder('docs');
    const full = loadRuleFiles([dir]);
    expect(full[0]?.description).toBe('Reads the Acme account of its owner.');
    expect(readFileSync(snapshot, 'utf8')).not.toContain('Acme console');
    expect(readRuleSnapshot(dir, snapshot, { examples: false })).toEqual(full.map((r) => ({ ...r, examples: [], negativeExamples: [] })));
    rmSync(docsFile(snapshot));
    const lean = readRuleSnapshot(dir, snapshot, { examples: false, docs: false });
    expect(lean).toEqual(full.map(({ description, revoke, ...r }) => ({ ...r, references: [], examples: [], negativeExamples: [] })));
    // Without its documentation file the snapshot cannot give what a SARIF report needs: the YAML is read instead.
    expect(readRuleSnapshot(dir, snapshot, { examples: false })).toBeNull();
  });

  it('writes each distinct allow list once and gives every rule its own again', () => {
    const { dir, snapshot } = folder('allows');
    const allowed = (id: string, allow: string) =>
      RULE(id).replace('    secretGroup: 1\n', `    secretGroup: 1\n    allow: ['${allow}']\n`);
    writeFileSync(
      join(dir, 'acme.yaml'),
      allowed('a', 'dummy') + allowed('b', 'dummy').replace('rules:\n', '') + allowed('c', 'other').replace('rules:\n', ''),
    );
    writeRuleSnapshot(dir, loadRuleFiles([dir]), snapshot);
    const stored = JSON.parse(readFileSync(snapshot, 'utf8')) as { allows: string[][]; rules: { allow: number }[] };
    expect(stored.allows).toEqual([['dummy'], ['other']]);
    expect(stored.rules.map((r) => r.allow)).toEqual([0, 0, 1]);
    expect(readRuleSnapshot(dir, snapshot)).toEqual(loadRuleFiles([dir]));
    // An index with no list is not read as a rule without one.
    writeFileSync(snapshot, JSON.stringify({ ...stored, allows: [['dummy']] }));
    expect(readRuleSnapshot(dir, snapshot)).toBeNull();
  });

  it('does not take examples written for another snapshot', () => {
    const { dir, snapshot } = folder('examples-mixed');
    const other = folder('examples-other');
    writeFileSync(join(other.dir, 'acme.yaml'), RULE('other'));
    writeRuleSnapshot(other.dir, loadRuleFiles([other.dir]), other.snapshot);
    writeFileSync(examplesFile(snapshot), readFileSync(examplesFile(other.snapshot)));
    expect(readRuleSnapshot(dir, snapshot)).toBeNull();
    expect(readRuleSnapshot(dir, snapshot, { examples: false })).not.toBeNull();
  });
});

describe('rule snapshot stat stamp', () => {
  it('is written with the snapshot and vouches for the unchanged files', () => {
    const { dir, snapshot } = folder('stamped');
    const stamp = statStampFile(snapshot);
    expect(existsSync(stamp)).toBe(true);
    const files = (JSON.parse(readFileSync(snapshot, 'utf8')) as { files: { name: string; sha256: string }[] }).files;
    expect(statStampMatches(stamp, dir, ['acme.yaml'], snapshotId(files))).toBe(true);
    expect(readRuleSnapshot(dir, snapshot)).toEqual(loadRuleFiles([dir]));
  });

  it("vouches for the folder's listing through the folder's own stat", () => {
    const { dir, snapshot } = folder('listing');
    const files = (JSON.parse(readFileSync(snapshot, 'utf8')) as { files: { name: string; sha256: string }[] }).files;
    expect(statStampMatches(statStampFile(snapshot), dir, ['acme.yaml'], snapshotId(files))).toBe(true);
    // acme.yaml keeps its stat; only the folder's tells that a file joined it.
    writeFileSync(join(dir, 'more.yaml'), 'rules: []\n');
    expect(statStampMatches(statStampFile(snapshot), dir, ['acme.yaml'], snapshotId(files))).toBe(false);
    expect(readRuleSnapshot(dir, snapshot)).toBeNull();
    rmSync(join(dir, 'more.yaml'));
    // Listed and compared again, the same files: the start records the folder's new stat.
    expect(readRuleSnapshot(dir, snapshot)).toEqual(loadRuleFiles([dir]));
    expect(statStampMatches(statStampFile(snapshot), dir, ['acme.yaml'], snapshotId(files))).toBe(true);
  });

  it('no longer vouches for a file written again with the same content, until a start or stamp records it again', () => {
    const { dir, snapshot } = folder('rewritten');
    const files = (JSON.parse(readFileSync(snapshot, 'utf8')) as { files: { name: string; sha256: string }[] }).files;
    const rewrite = () => {
      const content = readFileSync(join(dir, 'acme.yaml'));
      rmSync(join(dir, 'acme.yaml'));
      writeFileSync(join(dir, 'acme.yaml'), content);
      expect(statStampMatches(statStampFile(snapshot), dir, ['acme.yaml'], snapshotId(files))).toBe(false);
    };
    rewrite();
    // Content still matches, so the snapshot is used, and its start records the new stats.
    expect(readRuleSnapshot(dir, snapshot)).toEqual(loadRuleFiles([dir]));
    expect(statStampMatches(statStampFile(snapshot), dir, ['acme.yaml'], snapshotId(files))).toBe(true);
    rewrite();
    expect(stampSnapshot(dir, snapshot)).toBe(true);
    expect(statStampMatches(statStampFile(snapshot), dir, ['acme.yaml'], snapshotId(files))).toBe(true);
  });

  it('does not stamp files whose content no longer matches the snapshot', () => {
    const { dir, snapshot } = folder('unstamped');
    rmSync(statStampFile(snapshot));
    writeFileSync(join(dir, 'acme.yaml'), RULE('other'));
    expect(stampSnapshot(dir, snapshot)).toBe(false);
    expect(existsSync(statStampFile(snapshot))).toBe(false);
    expect(readRuleSnapshot(dir, snapshot)).toBeNull();
  });

  it('is not trusted when it is damaged or belongs to another snapshot', () => {
    const { dir, snapshot } = folder('damaged');
    const files = (JSON.parse(readFileSync(snapshot, 'utf8')) as { files: { name: string; sha256: string }[] }).files;
    expect(statStampMatches(statStampFile(snapshot), dir, ['acme.yaml'], 'another')).toBe(false);
    writeFileSync(statStampFile(snapshot), '{"snapshot":');
    expect(statStampMatches(statStampFile(snapshot), dir, ['acme.yaml'], snapshotId(files))).toBe(false);
    expect(readRuleSnapshot(dir, snapshot)).toEqual(loadRuleFiles([dir]));
  });
});
