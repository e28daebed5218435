// The literal texts that start every match of a gate (a prefilter regex, matched case-
// insensitively), so the prefilter finds gates with its literal search and confirms one with RE2
// only where a text occurs, instead of running RE2 over every blob. `(?:secret|token)\s*=`
// gives {secret, token} at offset 0; `[0-9a-f]{8}-us[0-9]` gives {-us0, ..., -us9} at offset 8
// (what precedes has a fixed width). Any syntax this small reader does not know ends the text
// where it stands, so the result is always a requirement every match meets, possibly a weak one;
// null when it finds nothing of 3 bytes or more to require.

import { followingBytes } from './gate-follow.js';
import { type Node, readGate, Unsupported } from './gate-syntax.js';

/** Every match of the gate holds one of `texts` (lower-case ASCII), `offset` bytes after its start. */
export interface GateLiterals {
  offset: number;
  texts: string[];
  /**
   * For each byte after text `k` in a match, the bytes allowed there, as far as known
   * (gate-follow.ts). Worked out on first use: most texts never occur in a given scan.
   */
  follow(k: number): Uint8Array[];
}

const MAX_TEXTS = 128;
const MAX_LENGTH = 16;
const MIN_LENGTH = 3;

/**
 * Whether every match of `gate` starts a line (it begins with `(?m)^`): a text whose match would
 * start mid-line needs no RE2 check. A Dockerfile's `FROM` gate met 178,000 mid-line "from "s on
 * a sample of redis's history, each an RE2 call.
 */
export function startsLine(gate: string): boolean {
  return gate.startsWith('(?m)^');
}

/** A set of texts that start a match; `open` texts are the whole match so far and may grow. */
interface Starts {
  texts: { s: string; open: boolean }[];
}

/** Texts that start every match of `node`, each at most MAX_LENGTH long. */
function startsOf(node: Node): Starts {
  switch (node.kind) {
    case 'empty':
      return { texts: [{ s: '', open: true }] };
    case 'none':
      return { texts: [] };
    case 'chars':
      return node.chars === null ? { texts: [{ s: '', open: false }] } : { texts: node.chars.map((s) => ({ s, open: true })) };
    case 'alt': {
      const texts = node.options.flatMap((o) => startsOf(o).texts);
      return texts.length > MAX_TEXTS ? { texts: [{ s: '', open: false }] } : { texts };
    }
    case 'seq':
      return node.items.reduce<Starts>((acc, item) => then(acc, item), { texts: [{ s: '', open: true }] });
    case 'repeat': {
      const once = startsOf(node.item);
      let acc: Starts = { texts: [{ s: '', open: true }] };
      for (let k = 0; k < node.min; k++) acc = then(acc, node.item, once);
      // A few optional repetitions: one text per count, each complete.
      if (node.max - node.min <= 3) {
        const texts = [...acc.texts];
        for (let k = node.min; k < node.max; k++) {
          acc = then(acc, node.item, once);
          texts.push(...acc.texts);
        }
        return texts.length > MAX_TEXTS ? { texts: [{ s: '', open: false }] } : { texts: dedupe(texts) };
      }
      // Past the minimum, a text may go on with another repetition or with what follows: it
      // ends here (the bytes that may follow are checked apart, gate-follow.ts).
      return { texts: acc.texts.map((t) => ({ s: t.s, open: false })) };
    }
  }
}

/** `acc` followed by `item`: open texts grow by each start of `item`, within the limits. */
function then(acc: Starts, item: Node, known?: Starts): Starts {
  if (!acc.texts.some((t) => t.open)) return acc;
  if (item.kind === 'repeat' && item.max - item.min > 3) return thenMany(acc, item);
  const next = known ?? startsOf(item);
  const texts: Starts['texts'] = [];
  for (const t of acc.texts) {
    if (!t.open) texts.push(t);
    else for (const u of next.texts) texts.push({ s: t.s + u.s, open: u.open });
  }
  if (texts.length > MAX_TEXTS || texts.some((t) => t.s.length > MAX_LENGTH))
    return { texts: acc.texts.map((t) => ({ s: t.s, open: false })) };
  return { texts: dedupe(texts) };
}

/**
 * `acc` followed by many repetitions: past the minimum a text ends (what may follow it is
 * checked apart, gate-follow.ts), unless it is too short to search for; then it goes on both
 * with what follows and with one more repetition (`:[0-9]+:` gives `:0:` and `:00`).
 */
function thenMany(acc: Starts, item: Extract<Node, { kind: 'repeat' }>): Starts {
  let cur = acc;
  const once = startsOf(item.item);
  for (let k = 0; k < item.min; k++) cur = then(cur, item.item, once);
  const texts: Starts['texts'] = [];
  for (const t of cur.texts) {
    const short = t.open && t.s.length < MIN_LENGTH;
    // A short text stays open for what follows the repetitions, and grows by one more.
    texts.push({ s: t.s, open: short });
    if (short) for (const u of once.texts) texts.push({ s: t.s + u.s, open: false });
  }
  if (texts.length > MAX_TEXTS) return { texts: cur.texts.map((t) => ({ s: t.s, open: false })) };
  return { texts: dedupe(texts) };
}

function dedupe(texts: Starts['texts']): Starts['texts'] {
  const seen = new Map<string, boolean>();
  // A closed text is the weaker requirement: it must not grow because an open twin does.
  for (const t of texts) seen.set(t.s, (seen.get(t.s) ?? true) && t.open);
  return [...seen].map(([s, open]) => ({ s, open }));
}

/** Bytes every match of `node` spans, or null when it varies. */
function widthOf(node: Node): number | null {
  switch (node.kind) {
    case 'empty':
    case 'none':
      return 0;
    case 'chars':
      return node.ascii ? 1 : null;
    case 'seq': {
      let sum = 0;
      for (const item of node.items) {
        const w = widthOf(item);
        if (w === null) return null;
        sum += w;
      }
      return sum;
    }
    case 'alt': {
      const widths = node.options.map(widthOf);
      return widths.every((w) => w !== null && w === widths[0]) ? (widths[0] as number) : null;
    }
    case 'repeat': {
      const w = widthOf(node.item);
      return w !== null && node.min === node.max ? w * node.min : null;
    }
  }
}

/** Drops each text that starts with another: a match holding it holds the shorter one too. */
function withoutLonger(texts: string[]): string[] {
  const sorted = [...texts].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const t of sorted) if (!kept.some((k) => t.startsWith(k))) kept.push(t);
  return kept;
}

const isAscii = (s: string) => /^[\x00-\x7f]*$/.test(s);

/**
 * The best literal requirement of a gate: at some fixed offset from each match's start, one of
 * a few texts of at least 3 bytes (the longest shortest text wins). Null when there is none, or
 * the gate uses syntax this reader does not know (the prefilter then runs it with RE2).
 */
export function gateLiterals(gate: string): GateLiterals | null {
  let root: Node;
  try {
    root = readGate(gate);
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
  const items = root.kind === 'seq' ? root.items : [root];
  let best: GateLiterals | null = null;
  let bestShortest = MIN_LENGTH - 1;
  let offset = 0;
  for (let k = 0; k < items.length; k++) {
    const starts = startsOf({ kind: 'seq', items: items.slice(k) });
    const shortest = Math.min(...starts.texts.map((t) => t.s.length));
    if (shortest > bestShortest && starts.texts.every((t) => isAscii(t.s))) {
      const rest: Node = { kind: 'seq', items: items.slice(k) };
      const texts = withoutLonger(starts.texts.map((t) => t.s));
      const known = new Map<number, Uint8Array[]>();
      const follow = (n: number) => {
        let sets = known.get(n);
        if (sets === undefined) {
          sets = followingBytes(rest, texts[n] as string);
          known.set(n, sets);
        }
        return sets;
      };
      best = { offset, texts, follow };
      bestShortest = shortest;
    }
    const w = widthOf(items[k] as Node);
    if (w === null) break;
    offset += w;
  }
  return best;
}
