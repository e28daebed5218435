import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOfMode, parseTree } from '../../../src/sources/git/tree-parse.js';
import { createSandbox, EMPTY_TREE, type Sandbox } from '../../support/git-sandbox.js';
import { codeOf } from '../../support/error-code.js';
import { readObjectAt } from '../../support/open-store.js';

function rawEntry(mode: string, name: Buffer | string, oid: string): Buffer {
  return Buffer.concat([Buffer.from(`${mode} `), Buffer.from(name), Buffer.from([0]), Buffer.from(oid, 'hex')]);
}

describe('parseTree', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = createSandbox();
  });
  afterAll(() => box.cleanup());

  it('agrees with git ls-tree on every kind of entry', async () => {
    const blob = box.run(['hash-object', '-w', '--stdin'], { input: 'content\n' });
    const target = box.run(['hash-object', '-w', '--stdin'], { input: 'a.txt' });
    const commit = 'a'.repeat(40);
    const lines = [
      `100644 blob ${blob}\ta.txt`,
      `100755 blob ${blob}\trun.sh`,
      `120000 blob ${target}\tlink`,
      `040000 tree ${EMPTY_TREE}\tsub`,
      `160000 commit ${commit}\tmod`,
      `100644 blob ${blob}\tcafé.txt`,
    ];
    const tree = box.run(['mktree', '--missing'], { input: `${lines.join('\n')}\n` });
    const parsed = parseTree((await readObjectAt(box.dir, tree)).data);
    const listed = box
      .run(['-c', 'core.quotepath=false', 'ls-tree', tree])
      .split('\n')
      .map((line) => {
        const [meta = '', name] = line.split('\t');
        const [mode, type, oid] = meta.split(' ');
        return { mode, type, oid, name };
      });
    expect(parsed.map((e) => ({ mode: e.mode.padStart(6, '0'), oid: e.oid, name: e.name }))).toEqual(
      listed.map((e) => ({ mode: e.mode, oid: e.oid, name: e.name })),
    );
    const kinds = Object.fromEntries(parsed.map((e) => [e.name, e.kind]));
    expect(kinds).toEqual({ 'a.txt': 'blob', 'run.sh': 'blob', link: 'link', sub: 'tree', mod: 'commit', 'café.txt': 'blob' });
  });

  it('keeps odd modes as written and classifies them by type bits', async () => {
    const data = Buffer.concat([rawEntry('100664', 'old.txt', 'b'.repeat(40)), rawEntry('040000', 'dir', EMPTY_TREE)]);
    expect(parseTree(data)).toEqual([
      { mode: '100664', name: 'old.txt', oid: 'b'.repeat(40), kind: 'blob' },
      { mode: '040000', name: 'dir', oid: EMPTY_TREE, kind: 'tree' },
    ]);
    expect(kindOfMode(0o100755)).toBe('blob');
  });

  it('writes non-UTF-8 name bytes as \\xNN so distinct raw names stay distinct', async () => {
    const data = Buffer.concat([
      rawEntry('100644', Buffer.from([0x62, 0xff, 0x2e, 0x74]), 'c'.repeat(40)),
      rawEntry('100644', Buffer.from([0x62, 0xfe, 0x2e, 0x74]), 'd'.repeat(40)),
    ]);
    expect(parseTree(data).map((e) => e.name)).toEqual(['b\\xff.t', 'b\\xfe.t']);
  });

  it('parses an empty tree and reads 32-byte oids when asked', async () => {
    expect(parseTree(Buffer.alloc(0))).toEqual([]);
    const oid = 'e'.repeat(64);
    expect(parseTree(rawEntry('100644', 'x', oid), 32)[0]?.oid).toBe(oid);
  });

  it('rejects truncated or malformed entries with GIT_CORRUPT_OBJECT', async () => {
    const good = rawEntry('100644', 'a', 'f'.repeat(40));
    expect(codeOf(() => parseTree(good.subarray(0, good.length - 1)))).toBe('GIT_CORRUPT_OBJECT');
    expect(codeOf(() => parseTree(Buffer.from('100644 no-nul-here')))).toBe('GIT_CORRUPT_OBJECT');
    expect(codeOf(() => parseTree(rawEntry('10x644', 'a', 'f'.repeat(40))))).toBe('GIT_CORRUPT_OBJECT');
    expect(codeOf(() => parseTree(Buffer.from(' a\0')))).toBe('GIT_CORRUPT_OBJECT');
  });
});
