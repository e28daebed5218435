// Keeps the architecture of DESIGN.md visible: reads every import in src/ and fails on an edge
// the design does not allow.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTs(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

interface Edge {
  from: string;
  to: string;
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of listTs(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1] as string;
      const to = spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
      out.push({ from: relative(SRC, file), to });
    }
  }
  return out;
}

// Imports that load code when the module loads: `import type` is erased, `await import()` waits.
function runtimeEdges(): Edge[] {
  const out: Edge[] = [];
  for (const file of listTs(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1] as string;
      const to = spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
      out.push({ from: relative(SRC, file), to });
    }
  }
  return out;
}

const area = (path: string) => (path.includes('/') ? path.split('/')[0] : path);
const isLocal = (to: string) => to.endsWith('.ts');

describe('architecture', () => {
  const all = edges();

  it('finds imports to check', () => {
    expect(all.length).toBeGreaterThan(20);
  });

  it('types.ts imports nothing', () => {
    expect(all.filter((e) => e.from === 'types.ts')).toEqual([]);
  });

  it('detect/ imports only types, errors and itself', () => {
    const bad = all.filter(
      (e) => area(e.from) === 'detect' && isLocal(e.to) && !['detect', 'types.ts', 'errors.ts'].includes(area(e.to) as string),
    );
    expect(bad).toEqual([]);
  });

  it('sources/ never imports detect/', () => {
    expect(all.filter((e) => area(e.from) === 'sources' && area(e.to) === 'detect')).toEqual([]);
  });

  it('report/ imports only types and itself, and no node modules', () => {
    const bad = all.filter((e) => area(e.from) === 'report' && !['report', 'types.ts'].includes(area(e.to) as string));
    expect(bad).toEqual([]);
  });

  it('aws/ never imports sources/ or detect/', () => {
    expect(all.filter((e) => area(e.from) === 'aws' && ['sources', 'detect'].includes(area(e.to) as string))).toEqual([]);
  });

  it('only detect/re2.ts imports re2', () => {
    expect(all.filter((e) => e.to === 're2' && e.from !== 'detect/re2.ts')).toEqual([]);
  });

  // History scanning never runs git; the one runner (for the staged change) is easy to audit.
  it('only sources/git-cli.ts starts processes', () => {
    const bad = all.filter((e) => /^(node:)?child_process$/.test(e.to) && e.from !== 'sources/git-cli.ts');
    expect(bad).toEqual([]);
  });

  // Start-up is the pre-commit hook's whole budget: heavy packages load only when used.
  it('loads neither isomorphic-git, the AWS SDK nor the archive readers when the CLI starts', () => {
    const runtime = runtimeEdges();
    const seen = new Set<string>(['cli/main.ts']);
    const queue = ['cli/main.ts'];
    while (queue.length > 0) {
      const from = queue.pop() as string;
      for (const e of runtime) if (e.from === from && !seen.has(e.to)) {
        seen.add(e.to);
        if (isLocal(e.to)) queue.push(e.to);
      }
    }
    const heavy = (m: string) => ['isomorphic-git', 'yauzl', 'tar-stream'].includes(m) || m.startsWith('@aws-sdk/');
    expect([...seen].filter(heavy)).toEqual([]);
  });

  it('only cli/ reads argv or sets exit codes', () => {
    const bad = listTs(SRC)
      .filter((f) => !relative(SRC, f).startsWith('cli/'))
      .filter((f) => /process\.(argv|exit|exitCode)/.test(readFileSync(f, 'utf8')));
    expect(bad.map((f) => relative(SRC, f))).toEqual([]);
  });
});
