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

/**
 * The bytes (256 flags) one of which must follow `text` where a match of `node` starts with it,
 * or null when the match may end right after the text (then anything, or nothing, may follow).
 */
export function followingBytes(node: Node, text: string): Uint8Array | null {
  let rest = node;
  for (let k = 0; k < text.length; k++) rest = derive(rest, text.charCodeAt(k));
  if (nullable(rest)) return null;
  const bytes = new Uint8Array(256);
  firstBytes(rest, bytes);
  return bytes;
}
