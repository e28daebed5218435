// Which bytes can come right after a text at the start of a gate's match: the prefilter checks
// that byte before asking RE2, so `token` in `tokens` or `default` in `default:` costs a table
// read, not an RE2 call. Computed with derivatives of the gate's tree (gate-syntax.ts): the
// derivative of a pattern by a text is what must match after it. Zero-width assertions are read
// as empty, so the set may hold more bytes than can really follow, never fewer.
import type { Node } from './gate-syntax.js';

const NONE: Node = { kind: 'none' };
const EMPTY: Node = { kind: 'empty' };

function nullable(node: Node): boolean {
  switch (node.kind) {
    case 'empty':
      return true;
    case 'none':
    case 'chars':
      return false;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.options.some(nullable);
    case 'repeat':
      return node.min === 0 || nullable(node.item);
  }
}

function seq(items: Node[]): Node {
  if (items.some((i) => i.kind === 'none')) return NONE;
  const kept = items.filter((i) => i.kind !== 'empty');
  return kept.length === 0 ? EMPTY : kept.length === 1 ? (kept[0] as Node) : { kind: 'seq', items: kept };
}

function alt(options: Node[]): Node {
  const kept = options.filter((o) => o.kind !== 'none');
  return kept.length === 0 ? NONE : kept.length === 1 ? (kept[0] as Node) : { kind: 'alt', options: kept };
}

/** What must match after byte `b` (case-insensitively) for `node` to match. */
function derive(node: Node, b: number): Node {
  switch (node.kind) {
    case 'empty':
    case 'none':
      return NONE;
    case 'chars':
      return node.bytes[b] ? EMPTY : NONE;
    case 'seq': {
      const [first, ...rest] = node.items;
      if (first === undefined) return NONE;
      const through = seq([derive(first, b), ...rest]);
      return nullable(first) ? alt([through, derive(seq(rest), b)]) : through;
    }
    case 'alt':
      return alt(node.options.map((o) => derive(o, b)));
    case 'repeat':
      if (node.max === 0) return NONE;
      return seq([derive(node.item, b), { kind: 'repeat', item: node.item, min: Math.max(0, node.min - 1), max: node.max - 1 }]);
  }
}

function firstBytes(node: Node, into: Uint8Array): void {
  switch (node.kind) {
    case 'empty':
    case 'none':
      return;
    case 'chars':
      node.bytes.forEach((v, b) => {
        if (v) into[b] = 1;
      });
      return;
    case 'seq':
      for (const item of node.items) {
        firstBytes(item, into);
        if (!nullable(item)) return;
      }
      return;
    case 'alt':
      for (const o of node.options) firstBytes(o, into);
      return;
    case 'repeat':
      if (node.max > 0) firstBytes(node.item, into);
  }
}

// A key per distinct derivative, to merge equal ones: derivatives reuse the gate's own nodes.
const ids = new WeakMap<object, number>();
let nextId = 0;
function keyOf(node: Node): string {
  switch (node.kind) {
    case 'empty':
    case 'none':
      return node.kind[0] as string;
    case 'chars': {
      let id = ids.get(node);
      if (id === undefined) {
        id = nextId++;
        ids.set(node, id);
      }
      return `c${id}`;
    }
    case 'seq':
      return `(${node.items.map(keyOf).join(',')})`;
    case 'alt':
      return `[${node.options.map(keyOf).join('|')}]`;
    case 'repeat':
      return `${keyOf(node.item)}{${node.min},${node.max}}`;
  }
}

/**
 * One byte of each kind the gate tells apart: bytes in the same classes of `node` give the same
 * derivatives, so one of them stands for all.
 */
const kindsOf = new WeakMap<Node, number[]>();
function byteKinds(node: Node): number[] {
  const known = kindsOf.get(node);
  if (known !== undefined) return known;
  const classes: Uint8Array[] = [];
  const collect = (n: Node) => {
    if (n.kind === 'chars') classes.push(n.bytes);
    else if (n.kind === 'seq') n.items.forEach(collect);
    else if (n.kind === 'alt') n.options.forEach(collect);
    else if (n.kind === 'repeat') collect(n.item);
  };
  collect(node);
  const seen = new Set<string>();
  const kinds: number[] = [];
  for (let b = 0; b < 256; b++) {
    const signature = classes.map((c) => c[b]).join('');
    if (!seen.has(signature)) kinds.push(b);
    seen.add(signature);
  }
  kindsOf.set(node, kinds);
  return kinds;
}

/** How many bytes after a text are checked at most, and how many paths are followed at once. */
const MAX_FOLLOW = 16;
const MAX_PATHS = 4;

/**
 * For each of the bytes right after `text` where a match of `node` starts with it: the bytes
 * (256 flags) one of which must be there. It stops where the match may end, where paths
 * become too many, or after MAX_FOLLOW bytes; empty when nothing is known about what follows.
 * `pat[a-z0-9]{14}\.` gives 14 sets of [a-z0-9] and one of `.` after `pat`.
 */
export function followingBytes(node: Node, text: string): Uint8Array[] {
  const kinds = byteKinds(node);
  let rest = node;
  for (let k = 0; k < text.length; k++) rest = derive(rest, text.charCodeAt(k));
  const sets: Uint8Array[] = [];
  let paths = [rest];
  while (sets.length < MAX_FOLLOW && paths.length > 0 && !paths.some(nullable)) {
    const firsts = paths.map((p) => {
      const bytes = new Uint8Array(256);
      firstBytes(p, bytes);
      return bytes;
    });
    const union = new Uint8Array(256);
    for (const f of firsts)
      f.forEach((v, b) => {
        if (v) union[b] = 1;
      });
    sets.push(union);
    const next = new Map<string, Node>();
    paths.forEach((p, i) => {
      for (const b of kinds) {
        if (!(firsts[i] as Uint8Array)[b]) continue;
        const d = derive(p, b);
        if (d.kind !== 'none') next.set(keyOf(d), d);
      }
    });
    if (next.size > MAX_PATHS) break;
    paths = [...next.values()];
  }
  return sets;
}
