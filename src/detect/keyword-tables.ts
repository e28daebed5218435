// The keyword stage's literal search for the built-in catalog, worked out at build time (`npm run
// compile` and the first-use build write dist/keyword-tables.bin): at run time, choosing the
// windows, building the module's tables, and working out the gates' texts and follow sets cost
// 60-100 ms of CPU per thread, which made a pre-commit hook scan its first 32 MiB with an
// RE2::Set instead (compiling it and its first pass cost as much again). Copying the file into
// the module costs about a millisecond.
//
// The file holds the entries it was built from (every rule of the catalog, intel included); a run
// whose entries are all among them uses it (keyword-stage.ts maps the rest away: the default scan
// runs without the intel rules, a configuration may disable some). Its key is a SHA-256 of those
// entries in order, the module's bytes and this format's version, and a SHA-256 of everything
// after the header vouches for its content. A file that is missing, from another build of the
// module, or damaged is not used, and the stage builds its search at run time as without it.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GramLayout, GramLiteral, GramTables } from './keyword-grams.js';
import { KEYWORD_GRAMS_WASM } from './keyword-grams-wasm.js';

/** Where the built-in catalog's tables live: beside the compiled code (dist/), never in src/. */
export const KEYWORD_TABLES_FILE = fileURLToPath(new URL('../keyword-tables.bin', import.meta.url));

/** An entry of the keyword stage (keyword-stage.ts's KeywordEntry). */
type Entry = { keyword: string } | { gate: string };

/** How the literal search stands for the entries: what keyword-stage.ts builds it from. */
export interface LiteralPlan {
  literals: GramLiteral[];
  /** Per literal: the entry it stands for (a keyword), or -1 - the index of its gate in `gates`. */
  owner: number[];
  /** Per literal: its index among its gate's texts, or -1 for a keyword. */
  textIndex: number[];
  /** Gates found through texts: the entry and the offset of the texts in a match. */
  gates: { entry: number; offset: number }[];
  /** Entries the literal search cannot find (left to an RE2::Set). */
  rest: number[];
  /**
   * Per literal: the bytes that may follow it, one 32-byte bitset (bit b of byte b >> 3) per byte
   * after it (keywords: none to check); undefined: not known yet.
   */
  follow: (Uint8Array[] | undefined)[];
  /** The follow sets of a literal whose `follow` is not known yet, when the plan knows them. */
  followLater?: (literal: number) => Uint8Array[];
}

const MAGIC = Buffer.from('CSKT');
const VERSION = 2;
// magic, version, key, digest, length of the JSON part.
const HEAD = 4 + 4 + 32 + 32 + 4;
const BITSET = 32;

const listed = (entries: readonly Entry[]): [string, string][] => entries.map((e) => ('keyword' in e ? ['k', e.keyword] : ['g', e.gate]));

// The key of the tables of `list` (listed entries).
function tablesKey(list: readonly [string, string][]): Buffer {
  return createHash('sha256')
    .update(`credsweep keyword tables ${VERSION}\n${KEYWORD_GRAMS_WASM}\n${JSON.stringify(list)}`)
    .digest();
}

interface Meta {
  /** The entries, in order: [k, keyword] or [g, gate]. */
  entries: [string, string][];
  layout: GramLayout;
  slots: number;
  /** The literals' texts, one after the other (Latin-1), and the length of each. */
  texts: string;
  lengths: number[];
  every: number[];
  owner: number[];
  textIndex: number[];
  gates: [number, number][];
  rest: number[];
  /** [literal, bytes checked after it], in the order of their bitsets after the image. */
  follow: [number, number][];
}

/** Writes the plan and tables of `entries` to `file`; every follow set must be known. */
export function writeKeywordTables(file: string, entries: readonly Entry[], plan: LiteralPlan, tables: GramTables): void {
  const follow: [number, number][] = [];
  const sets: Uint8Array[] = [];
  plan.follow.forEach((list, literal) => {
    if (list === undefined) throw new Error(`literal ${literal}: follow set not worked out`);
    if (list.length === 0) return;
    follow.push([literal, list.length]);
    for (const bits of list) {
      if (bits.length !== BITSET) throw new Error(`literal ${literal}: a follow set of ${bits.length} bytes`);
      sets.push(bits);
    }
  });
  const meta: Meta = {
    entries: listed(entries),
    layout: tables.layout,
    slots: tables.slots,
    texts: plan.literals.map((l) => Buffer.from(l.text).toString('latin1')).join(''),
    lengths: plan.literals.map((l) => l.text.length),
    every: plan.literals.flatMap((l, i) => (l.everyOccurrence ? [i] : [])),
    owner: plan.owner,
    textIndex: plan.textIndex,
    gates: plan.gates.map((g) => [g.entry, g.offset]),
    rest: plan.rest,
    follow,
  };
  const json = Buffer.from(JSON.stringify(meta));
  // The image last, 8-byte aligned in the file, so a start reads it straight into the module.
  const body = Buffer.concat([json, Buffer.alloc(padding(json.length)), ...sets, tables.image]);
  const head = Buffer.alloc(HEAD);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(VERSION, 4);
  tablesKey(meta.entries).copy(head, 8);
  createHash('sha256').update(body).digest().copy(head, 40);
  head.writeUInt32LE(json.length, 72);
  writeFileSync(file, Buffer.concat([head, body]));
}

/** What a tables file holds. */
export interface KeywordTables {
  /** The entries the plan's entry indices refer to. */
  entries: Entry[];
  plan: LiteralPlan;
  tables: GramTables;
}

const padding = (jsonLength: number) => (8 - ((HEAD + jsonLength) % 8)) % 8;

/**
 * The entries, plan and tables stored in `file`, or null (no file, another format or module,
 * damaged). The tables' image is read straight into the memory `memoryFor` gives for their layout.
 */
export function readKeywordTables(file: string, memoryFor: (layout: GramLayout, slots: number) => Uint8Array): KeywordTables | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const read = (length: number, at: number, into: Buffer = Buffer.allocUnsafe(length)): Buffer | null =>
      length >= 0 && readSync(fd, into, 0, length, at) === length ? into : null;
    const head = read(HEAD, 0);
    if (head === null || !head.subarray(0, 4).equals(MAGIC) || head.readUInt32LE(4) !== VERSION) return null;
    const jsonLength = head.readUInt32LE(72);
    const json = read(jsonLength, HEAD);
    if (json === null) return null;
    const meta = JSON.parse(json.toString('utf8')) as Meta;
    if (!tablesKey(meta.entries).equals(head.subarray(8, 40))) return null;
    const followAt = HEAD + jsonLength + padding(jsonLength);
    const followBytes = meta.follow.reduce((sum, [, count]) => sum + count * BITSET, 0);
    const imageLength = meta.layout.input - meta.layout.filter;
    if (fstatSync(fd).size !== followAt + followBytes + imageLength) return null;
    const follows = read(followBytes, followAt);
    if (follows === null) return null;
    const memory = memoryFor(meta.layout, meta.slots);
    if (memory.length !== imageLength) return null;
    const image = read(imageLength, followAt + followBytes, Buffer.from(memory.buffer, memory.byteOffset, memory.length));
    if (image === null) return null;
    const digest = createHash('sha256')
      .update(json)
      .update(Buffer.alloc(padding(jsonLength)))
      .update(follows)
      .update(image)
      .digest();
    if (!digest.equals(head.subarray(40, 72))) return null;
    return decode(meta, follows, memory);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

function decode(meta: Meta, follows: Buffer, image: Uint8Array): KeywordTables | null {
  // Views of one buffer: a Buffer per literal cost 4 ms of a start.
  const joined = Buffer.from(meta.texts, 'latin1');
  let textAt = joined.byteOffset;
  const literals: GramLiteral[] = meta.lengths.map((n) => {
    const text = new Uint8Array(joined.buffer, textAt, n);
    textAt += n;
    return { text, everyOccurrence: false };
  });
  if (textAt !== joined.byteOffset + joined.length) return null;
  for (const i of meta.every) (literals[i] as GramLiteral).everyOccurrence = true;
  // Where each literal's follow sets start; decoded when the literal first occurs.
  const followAt = new Int32Array(literals.length).fill(-1);
  const followCount = new Int32Array(literals.length);
  let at = 0;
  for (const [literal, count] of meta.follow) {
    followAt[literal] = at;
    followCount[literal] = count;
    at += count * BITSET;
  }
  const follow = literals.map((_, i) => (followAt[i] === -1 ? [] : undefined));
  // Views of the file's bitsets: expanding each to 256 flags cost a pre-commit scan some 3 ms.
  const followLater = (literal: number) =>
    Array.from({ length: followCount[literal] as number }, (_, k) => {
      const from = (followAt[literal] as number) + k * BITSET;
      return follows.subarray(from, from + BITSET);
    });
  return {
    entries: meta.entries.map(([kind, text]) => (kind === 'k' ? { keyword: text } : { gate: text })),
    plan: {
      literals,
      owner: meta.owner,
      textIndex: meta.textIndex,
      gates: meta.gates.map(([entry, offset]) => ({ entry, offset })),
      rest: meta.rest,
      follow,
      followLater,
    },
    tables: { layout: meta.layout, slots: meta.slots, image },
  };
}
