import { describe, expect, it } from 'vitest';
import { parseStagedDiff, unquoteGitPath } from '../../src/sources/staged/staged-diff.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('parseStagedDiff', () => {
  it('reads new files, hunks of added lines, renames, binaries, and skips deletions and submodules', () => {
    const patch = [
      'diff --git a/new.env b/new.env',
      'new file mode 100644',
      `index ${'0'.repeat(40)}..${A}`,
      '--- /dev/null',
      '+++ b/new.env',
      '@@ -0,0 +1,2 @@',
      '+X=1',
      '+Y=2',
      'diff --git a/app.js b/app.js',
      `index ${B}..${A} 100644`,
      '--- a/app.js',
      '+++ b/app.js',
      '@@ -3 +3 @@',
      '-old',
      '+new',
      '@@ -10,2 +10,0 @@',
      '-gone',
      '-gone',
      '@@ -20 +19,3 @@',
      '+a',
      '+b',
      '+c',
      'diff --git a/old name.txt b/new name.txt',
      'similarity index 90%',
      'rename from old name.txt',
      'rename to new name.txt',
      `index ${A}..${B} 100644`,
      '--- a/old name.txt',
      '+++ b/new name.txt',
      '@@ -5,0 +6 @@',
      '+added',
      'diff --git a/key.p12 b/key.p12',
      'new file mode 100644',
      `index ${'0'.repeat(40)}..${B}`,
      'Binary files /dev/null and b/key.p12 differ',
      'diff --git a/removed.txt b/removed.txt',
      'deleted file mode 100644',
      `index ${A}..${'0'.repeat(40)}`,
      'diff --git a/sub b/sub',
      'new file mode 160000',
      `index ${'0'.repeat(40)}..${A}`,
      '',
    ].join('\n');
    expect(parseStagedDiff(patch)).toEqual([
      { path: 'new.env', oid: A, mode: '100644', added: true, binary: false, addedLines: [[1, 2]] },
      {
        path: 'app.js',
        oid: A,
        mode: '100644',
        added: false,
        binary: false,
        addedLines: [
          [3, 3],
          [19, 21],
        ],
      },
      { path: 'new name.txt', oid: B, mode: '100644', added: false, binary: false, addedLines: [[6, 6]] },
      { path: 'key.p12', oid: B, mode: '100644', added: true, binary: true, addedLines: [] },
    ]);
  });

  it('leaves out a pure rename and a mode change (no content is new)', () => {
    const patch = [
      'diff --git a/x b/y',
      'similarity index 100%',
      'rename from x',
      'rename to y',
      'diff --git a/s b/s',
      'old mode 100644',
      'new mode 100755',
      '',
    ].join('\n');
    expect(parseStagedDiff(patch)).toEqual([]);
  });
});

describe('unquoteGitPath', () => {
  it('undoes C quoting, octal bytes included', () => {
    expect(unquoteGitPath('plain')).toBe('plain');
    expect(unquoteGitPath('"b/tab\\there"')).toBe('b/tab\there');
    expect(unquoteGitPath('"caf\\303\\251"')).toBe('café');
    expect(unquoteGitPath('"q\\"uote"')).toBe('q"uote');
  });
});
