// The prefilter's first stage: which of its entries (rule keywords, matched case-insensitively,
// and gates, regexes of rules without keywords) occur in a blob. It answers exactly what one
// case-insensitive RE2::Set of all the entries answers, at a cost per byte that does not grow
// with the number of keywords:
//  - ASCII keywords go to the literal search of keyword-grams.ts;
//  - a gate gives the literal texts every match of it holds at a fixed offset (gate-literals.ts),
//    which join the literal search; RE2 then tries the gate only where such a text occurs
//    (sticky, at the offset the text implies), not over the whole blob;
//  - the rest (a keyword with a non-ASCII character, a gate with no usable text) stays in an
//    RE2::Set, which is only built when there is such an entry (never for the built-in catalog);
//  - a blob holding U+017F or U+212A, which RE2's case folding matches to `s` and `k`, is left
//    to the RE2::Set of every entry, which also answers for the first bytes of a scan (below)
//    unless the search was built at compile time (the built-in catalog: keyword-tables.ts).
import { type GateLiterals, gateLiterals, startsLine } from './gate-literals.js';
import { buildGramTables, compileGramMatcher, type GramLiteral, type GramTables, gramMemoryFor, tablesFit } from './keyword-grams.js';
import { KEYWORD_TABLES_FILE, type KeywordTables, type LiteralPlan, readKeywordTables, writeKeywordTables } from './keyword-tables.js';
import { type AnchoredRegex, compileAnchoredRegex, escapeLiteral, tryCompileSet, tryMatching, type ByteRegexSet } from './re2.js';

/** One entry: a keyword (any case) or a gate (an RE2 pattern). */
export type KeywordEntry = { keyword: string } | { gate: string };

/** Finds which entries occur in a blob. */
export interface KeywordStage {
  /** Indices (ascending) of the entries occurring in `buf`; null when RE2 could not answer. */
  matching(buf: Buffer): number[] | null;
}

/** The pattern of an entry as the RE2::Set (case-insensitive) holds it. */
export function entryPattern(entry: KeywordEntry): string {
  return 'keyword' in entry ? escapeLiteral(entry.keyword.toLowerCase()) : `(?:${entry.gate})`;
}

const isAscii = (s: string) => /^[\x00-\x7f]*$/.test(s);

/**
 * Bytes scanned with the RE2::Set before a literal search built at run time takes over: building
 * it costs some 30-60 ms of CPU (its tables, a WebAssembly instance), which a small scan (a
 * pre-commit hook's few staged files) would not earn back; past this, every scan does. With
 * tables built at compile time (keyword-tables.ts) the literal search answers from the first byte.
 */
export const LITERAL_SEARCH_AFTER_BYTES = 32 * 1024 * 1024;

/**
 * Builds the stage. Gates must already compile. `literalAfterBytes` (tests set 0) is how many
 * bytes go through the RE2::Set of every entry before a literal search built at run time takes
 * over; `tablesFile` holds prebuilt tables, used when they were built for entries that include
 * all of `entries` (null: build at run time).
 */
export function compileKeywordStage(
  entries: readonly KeywordEntry[],
  literalAfterBytes = LITERAL_SEARCH_AFTER_BYTES,
  tablesFile: string | null = KEYWORD_TABLES_FILE,
): KeywordStage {
  let everything: ByteRegexSet | null | undefined;
  const allEntries = (buf: Buffer) => {
    everything ??= tryCompileSet(entries.map(entryPattern), true);
    return tryMatching(everything, buf);
  };
  const prebuilt = tablesFile === null ? null : prebuiltFor(entries, tablesFile);
  let literal: KeywordStage | undefined;
  if (prebuilt !== null) {
    literal = literalStage(prebuilt.tables.entries, prebuilt.tables.plan, null, prebuilt.tables.tables, allEntries, prebuilt.toEntry);
  }
  let scanned = 0;
  return {
    matching(buf: Buffer): number[] | null {
      if (literal === undefined && scanned < literalAfterBytes) {
        scanned += buf.length;
        return allEntries(buf);
      }
      if (literal === undefined) {
        const { plan, found } = planLiterals(entries);
        literal = literalStage(entries, plan, found, undefined, allEntries, null);
      }
      return literal.matching(buf);
    },
  };
}

// Two entries with the same key have the same pattern (entryPattern), without escaping each.
const sameAs = (e: KeywordEntry) => ('keyword' in e ? `k${e.keyword.toLowerCase()}` : `g${e.gate}`);

/**
 * The tables in `file` when they serve `entries`: every entry is one of the file's (the same
 * pattern), none twice. `toEntry` maps the file's entries to those of `entries` (-1: not asked for).
 */
export function prebuiltFor(entries: readonly KeywordEntry[], file: string): { tables: KeywordTables; toEntry: Int32Array } | null {
  // No entry to find (a user's rule set of keyword-less rules): nothing for the tables to do.
  if (entries.length === 0) return null;
  const tables = readKeywordTables(file, gramMemoryFor);
  if (tables === null || !tablesFit(tables.plan.literals, tables.tables)) return null;
  const index = new Map(tables.entries.map((e, i) => [sameAs(e), i]));
  const toEntry = new Int32Array(tables.entries.length).fill(-1);
  for (let j = 0; j < entries.length; j++) {
    const i = index.get(sameAs(entries[j] as KeywordEntry));
    if (i === undefined || toEntry[i] !== -1) return null;
    toEntry[i] = j;
  }
  return { tables, toEntry };
}

/**
 * Works out the literal search of `entries`, every gate's follow sets included, and writes it
 * with its built tables to `file` (the build's step for the built-in catalog).
 */
export function prebuildKeywordStage(entries: readonly KeywordEntry[], file = KEYWORD_TABLES_FILE): void {
  const { plan, found } = planLiterals(entries);
  plan.follow = plan.follow.map((known, literal) => known ?? followOf(plan, found, literal));
  writeKeywordTables(file, entries, plan, buildGramTables(plan.literals));
}

// How the literal search stands for `entries`, and each gate's texts (by gate index), whose
// follow sets are worked out when first needed.
function planLiterals(entries: readonly KeywordEntry[]): { plan: LiteralPlan; found: GateLiterals[] } {
  const plan: LiteralPlan = { literals: [], owner: [], textIndex: [], gates: [], rest: [], follow: [] };
  const found: GateLiterals[] = [];
  entries.forEach((entry, idx) => {
    if ('keyword' in entry) {
      const text = entry.keyword.toLowerCase();
      if (!isAscii(text)) plan.rest.push(idx);
      else {
        plan.literals.push({ text: Buffer.from(text, 'latin1'), everyOccurrence: false });
        plan.owner.push(idx);
        plan.follow.push([]);
        plan.textIndex.push(-1);
      }
      return;
    }
    const texts = gateLiterals(entry.gate);
    if (texts === null) {
      plan.rest.push(idx);
      return;
    }
    plan.gates.push({ entry: idx, offset: texts.offset });
    found.push(texts);
    texts.texts.forEach((text, k) => {
      plan.literals.push({ text: Buffer.from(text, 'latin1'), everyOccurrence: true });
      plan.owner.push(-plan.gates.length);
      plan.follow.push(undefined);
      plan.textIndex.push(k);
    });
  });
  return { plan, found };
}

function followOf(plan: LiteralPlan, found: readonly GateLiterals[] | null, literal: number): Uint8Array[] {
  if (plan.followLater) return plan.followLater(literal);
  const gate = -(plan.owner[literal] as number) - 1;
  const texts = found?.[gate];
  if (texts === undefined) throw new Error(`literal ${literal}: no follow set`);
  return texts.follow(plan.textIndex[literal] as number).map(followBits);
}

// Whether the bytes of `buf` from `at` on are in the follow sets, one set a byte.
function followedBy(follow: readonly Uint8Array[], buf: Buffer, at: number): boolean {
  if (at + follow.length > buf.length) return false;
  for (let k = 0; k < follow.length; k++) {
    const b = buf[at + k] as number;
    if ((((follow[k] as Uint8Array)[b >> 3] as number) & (1 << (b & 7))) === 0) return false;
  }
  return true;
}

// A set of 256 flags as the plan keeps it: a bit a byte.
function followBits(allowed: Uint8Array): Uint8Array {
  const bits = new Uint8Array(32);
  for (let b = 0; b < 256; b++) if (allowed[b]) bits[b >> 3] = (bits[b >> 3] as number) | (1 << (b & 7));
  return bits;
}

/**
 * The literal search for `plan` (of `entries`), with `tables` built for it earlier or built now;
 * `allEntries` answers for a blob it cannot (U+017F, U+212A). With `toEntry`, the plan's entries
 * are the prebuilt file's and the stage answers in the run's entries, which `toEntry` maps them
 * to (-1: an entry the run does not ask for, never reported nor checked).
 */
function literalStage(
  entries: readonly KeywordEntry[],
  plan: LiteralPlan,
  found: readonly GateLiterals[] | null,
  tables: GramTables | undefined,
  allEntries: (buf: Buffer) => number[] | null,
  toEntry: Int32Array | null,
): KeywordStage {
  const { literals, owner: literalOwner, follow: literalFollow, gates, rest } = plan;
  // Compiled when the gate's text first occurs: most gates never do in a small scan.
  const gateRegex: (AnchoredRegex | undefined)[] = [];
  const lineStart = gates.map((g) => {
    const entry = entries[g.entry] as KeywordEntry;
    return 'gate' in entry && startsLine(entry.gate);
  });
  const grams = compileGramMatcher(literals, tables);
  const restSet =
    rest.length === 0
      ? null
      : tryCompileSet(
          rest.map((i) => entryPattern(entries[i] as KeywordEntry)),
          true,
        );

  // found[i] === stamp: entry i occurs in the current blob (no clearing between blobs).
  const seen = new Int32Array(entries.length);
  let stamp = 0;
  return {
    matching(buf: Buffer): number[] | null {
      stamp = stamp === 0x7fffffff ? 1 : stamp + 1;
      if (stamp === 1) seen.fill(0);
      const out: number[] = [];
      const mark = (entry: number) => {
        if (seen[entry] === stamp) return;
        seen[entry] = stamp;
        const wanted = toEntry === null ? entry : (toEntry[entry] as number);
        if (wanted >= 0) out.push(wanted);
      };
      const complete = grams.scan(buf, (literal, start) => {
        const owner = literalOwner[literal] as number;
        if (owner >= 0) {
          mark(owner);
          return true;
        }
        const gate = gates[-owner - 1] as LiteralPlan['gates'][number];
        if (seen[gate.entry] === stamp || (toEntry !== null && toEntry[gate.entry] === -1)) return true;
        let follow = literalFollow[literal];
        if (follow === undefined) {
          follow = followOf(plan, found, literal);
          literalFollow[literal] = follow;
        }
        const after = start + (literals[literal] as GramLiteral).text.length;
        if (!followedBy(follow, buf, after)) return false;
        const at = start - gate.offset;
        if (at < 0) return false;
        // A gate that starts a line (`(?m)^`) needs no RE2 call mid-line.
        if (at > 0 && buf[at - 1] !== 0x0a && lineStart[-owner - 1]) return false;
        let regex = gateRegex[-owner - 1];
        if (regex === undefined) {
          regex = compileAnchoredRegex(entryPattern(entries[gate.entry] as KeywordEntry), true);
          gateRegex[-owner - 1] = regex;
        }
        if (!regex.matchesAt(buf, at)) return false;
        mark(gate.entry);
        return true;
      });
      if (!complete) return allEntries(buf);
      if (rest.length > 0) {
        const hits = tryMatching(restSet, buf);
        if (hits === null) return null;
        for (const k of hits) mark(rest[k] as number);
      }
      return out.sort((a, b) => a - b);
    },
  };
}
