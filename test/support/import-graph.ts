// Reads the import graph of a TypeScript tree and checks it against the allowed-imports table of
// src/README.md: every `import`, `import type`, `export ... from` and `import()` counts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface Edge {
  from: string;
  to: string;
  /** `type` is erased at build and `dynamic` loads when reached; all three are dependencies of the design. */
  kind: 'static' | 'type' | 'dynamic';
}

/** Every .ts file under `dir`. */
export function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTs(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const STATIC = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm;
const SIDE_EFFECT = /^\s*import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import of every .ts file under `root`, local ones as paths relative to `root`. */
export function importEdges(root: string): Edge[] {
  const out: Edge[] = [];
  for (const file of listTs(root)) {
    const from = relative(root, file);
    const text = readFileSync(file, 'utf8');
    const add = (spec: string, kind: Edge['kind']) => {
      const to = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
      out.push({ from, to, kind });
    };
    for (const m of text.matchAll(STATIC)) add(m[3] as string, m[2] === undefined ? 'static' : 'type');
    for (const m of text.matchAll(SIDE_EFFECT)) add(m[1] as string, 'static');
    for (const m of text.matchAll(DYNAMIC)) add(m[1] as string, 'dynamic');
  }
  return out;
}

/** The folder (or top-level file) a path belongs to. */
export const areaOf = (path: string): string => (path.includes('/') ? (path.split('/')[0] as string) : path);

export const isLocal = (to: string): boolean => to.endsWith('.ts');

/** The allowed-imports table of a design document: area -> areas it may import. */
export function readAllowedTable(markdown: string): Map<string, Set<string>> {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Allowed imports'));
  if (!section) throw new Error('no "## Allowed imports" section');
  const table = new Map<string, Set<string>>();
  for (const line of section.split('\n')) {
    const m = /^\|\s*`([^`]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    const allowed = [...(m[2] as string).matchAll(/`([^`]+)`/g)].map((x) => x[1] as string);
    table.set(m[1] as string, new Set(allowed));
  }
  return table;
}

/** Local imports between areas that the table does not allow (or from an area it does not list). */
export function forbiddenEdges(edges: Edge[], table: Map<string, Set<string>>): string[] {
  const bad: string[] = [];
  for (const e of edges) {
    if (!isLocal(e.to)) continue;
    const from = areaOf(e.from);
    const to = areaOf(e.to);
    if (from === to) continue;
    const allowed = table.get(from);
    if (!allowed) bad.push(`${e.from} -> ${e.to}: ${from} is not in the table`);
    else if (!allowed.has(to)) bad.push(`${e.from} -> ${e.to}: ${from} may not import ${to}`);
  }
  return bad;
}

/** Cycles (strongly connected groups of more than one node) of a directed graph. */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  // Iterative Tarjan: recursion depth would follow the longest import chain.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; next: string[] }[] = [];
    const open = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: [...(graph.get(node) ?? [])].filter((n) => graph.has(n)) });
    };
    open(start);
    while (work.length > 0) {
      const top = work[work.length - 1] as { node: string; next: string[] };
      const child = top.next.pop();
      if (child !== undefined) {
        if (!index.has(child)) open(child);
        else if (onStack.has(child)) low.set(top.node, Math.min(low.get(top.node) as number, index.get(child) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(top.node) as number));
      if (low.get(top.node) === index.get(top.node)) {
        const group: string[] = [];
        let n: string;
        do {
          n = stack.pop() as string;
          onStack.delete(n);
          group.push(n);
        } while (n !== top.node);
        if (group.length > 1) found.push(group.sort());
      }
    }
  }
  return found;
}

/** The graph of local files, or of areas, that the edges make. */
export function graphOf(edges: Edge[], by: 'file' | 'area'): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const key = (p: string) => (by === 'file' ? p : areaOf(p));
  for (const e of edges) {
    if (!isLocal(e.to)) continue;
    const from = key(e.from);
    const to = key(e.to);
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    if (from !== to) graph.get(from)?.add(to);
  }
  return graph;
}

const COMMAND_FILE = /^cli\/[^/]+-command\.ts$/;

/** Imports of a command file (cli/*-command.ts) from anywhere but cli/main.ts, which registers them all. */
export function commandImports(edges: Edge[]): string[] {
  return edges.filter((e) => COMMAND_FILE.test(e.to) && e.from !== 'cli/main.ts').map((e) => `${e.from} -> ${e.to}`);
}
