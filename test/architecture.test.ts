// Keeps the design of src/README.md true: every import in src/ (type-only and dynamic included)
// goes along an edge of its allowed-imports table, and neither folders nor files import in a cycle.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { areaOf, commandImports, cycles, forbiddenEdges, graphOf, importEdges, isLocal, readAllowedTable } from './support/import-graph.js';

const SRC = resolve(import.meta.dirname, '../src');
const table = readAllowedTable(readFileSync(join(SRC, 'README.md'), 'utf8'));

function filesUnder(dir: string): string[] {
  return [...new Set(importEdges(dir).map((e) => e.from))];
}

describe('architecture of src/', () => {
  const all = importEdges(SRC);

  it('reads the imports and the table', () => {
    expect(all.length).toBeGreaterThan(200);
    expect(all.some((e) => e.kind === 'dynamic')).toBe(true);
    expect(table.get('detect')).toBeDefined();
  });

  it('lists every folder and top-level file of src/ in the table', () => {
    const areas = new Set(filesUnder(SRC).map(areaOf));
    expect([...areas].filter((a) => !table.has(a))).toEqual([]);
  });

  it('imports only along the edges the table allows', () => {
    expect(forbiddenEdges(all, table)).toEqual([]);
  });

  it('has no cycle between folders, in the table or in the code', () => {
    expect(cycles(table)).toEqual([]);
    expect(cycles(graphOf(all, 'area'))).toEqual([]);
  });

  it('has no cycle between files', () => {
    expect(cycles(graphOf(all, 'file'))).toEqual([]);
  });

  // A command is parse, call, print, exit code: what two commands share lives in a file of its own
  // (src/enrich/, or a flag helper in cli/), never in one of them.
  it('imports no command file but from cli/main.ts', () => {
    expect(commandImports(all)).toEqual([]);
  });

  it('only detect/re2.ts imports re2', () => {
    expect(all.filter((e) => e.to === 're2' && e.from !== 'detect/re2.ts')).toEqual([]);
  });

  // History scanning never runs git; the one runner (for staged changes and ranges) is easy to audit.
  it('only sources/git-cli.ts starts processes', () => {
    expect(all.filter((e) => /^(node:)?child_process$/.test(e.to) && e.from !== 'sources/git-cli.ts')).toEqual([]);
  });

  // Start-up is the pre-commit hook's whole budget: heavy packages load only when used.
  it('loads neither isomorphic-git, the AWS SDK nor the archive readers when the CLI starts', () => {
    const eager = all.filter((e) => e.kind === 'static');
    const seen = new Set<string>(['cli/main.ts']);
    const queue = ['cli/main.ts'];
    while (queue.length > 0) {
      const from = queue.pop() as string;
      for (const e of eager) {
        if (e.from !== from || seen.has(e.to)) continue;
        seen.add(e.to);
        if (isLocal(e.to)) queue.push(e.to);
      }
    }
    const heavy = (m: string) => ['isomorphic-git', 'yauzl', 'tar-stream'].includes(m) || m.startsWith('@aws-sdk/');
    expect([...seen].filter(heavy)).toEqual([]);
  });

  it('only cli/ reads argv or sets exit codes', () => {
    const bad = filesUnder(SRC)
      .filter((f) => !f.startsWith('cli/'))
      .filter((f) => /process\.(argv|exit|exitCode)/.test(readFileSync(join(SRC, f), 'utf8')));
    expect(bad).toEqual([]);
  });
});

// The checks themselves, on small planted trees: each must fail where it should.
describe('the architecture checks', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });
  function plant(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'credsweep-arch-'));
    roots.push(root);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  it('catches a forbidden import, a type-only one and a dynamic one', () => {
    const root = plant({
      'report/a.ts': "import { x } from '../detect/b.js';\n",
      'report/c.ts': "import type { Y } from '../scan/d.js';\n",
      'detect/b.ts': "export const x = 1;\nconst later = () => import('../scan/d.js');\n",
      'scan/d.ts': 'export type Y = number;\n',
    });
    const bad = forbiddenEdges(importEdges(root), table);
    expect(bad.sort()).toEqual([
      'detect/b.ts -> scan/d.ts: detect may not import scan',
      'report/a.ts -> detect/b.ts: report may not import detect',
      'report/c.ts -> scan/d.ts: report may not import scan',
    ]);
  });

  it('catches a command importing another command, statically or lazily', () => {
    const root = plant({
      'cli/main.ts': "import { a } from './scan-command.js';\nimport { b } from './report-command.js';\n",
      'cli/scan-command.ts': "export const a = () => import('./report-command.js');\n",
      'cli/report-command.ts': "import type { F } from './aws-flags.js';\nexport const b = 1;\n",
      'cli/aws-flags.ts': "import type { X } from './keys-command.js';\nexport type F = number;\n",
      'cli/keys-command.ts': 'export type X = number;\n',
    });
    expect(commandImports(importEdges(root)).sort()).toEqual([
      'cli/aws-flags.ts -> cli/keys-command.ts',
      'cli/scan-command.ts -> cli/report-command.ts',
    ]);
  });

  it('catches a cycle between files and between folders', () => {
    const root = plant({
      'scan/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'scan/b.ts': "import type { C } from '../sources/c.js';\nexport const b = 1;\n",
      'sources/c.ts': "export type C = number;\nexport const lazy = () => import('../scan/a.js');\n",
    });
    const edges = importEdges(root);
    expect(cycles(graphOf(edges, 'file'))).toEqual([['scan/a.ts', 'scan/b.ts', 'sources/c.ts']]);
    expect(cycles(graphOf(edges, 'area'))).toEqual([['scan', 'sources']]);
  });
});
