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
//    to the RE2::Set of every entry, which also answers for the first bytes of a scan (below).
import { type GateLiterals, gateLiterals } from './gate-literals.js';
import { compileGramMatcher, type GramLiteral } from './keyword-grams.js';
import { type AnchoredRegex, type ByteRegexSet, compileAnchoredRegex, escapeLiteral, tryCompileSet, tryMatching } from './re2.js';

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

interface GateCheck {
  entry: number;
  offset: number;
  regex: AnchoredRegex;
  follow: GateLiterals['follow'];
  lineStart: boolean;
}

/**
 * Bytes scanned with the RE2::Set before the literal search is built: building it costs some
 * 30-60 ms of CPU (its tables, a WebAssembly instance), which a small scan (a pre-commit hook's
 * few staged files) would not earn back; past this, every scan does.
 */
export const LITERAL_SEARCH_AFTER_BYTES = 32 * 1024 * 1024;

/**
 * Builds the stage. Gates must already compile. `literalAfterBytes` (tests set 0) is how many
 * bytes go through the RE2::Set of every entry before the literal search takes over.
 */
export function compileKeywordStage(entries: readonly KeywordEntry[], literalAfterBytes = LITERAL_SEARCH_AFTER_BYTES): KeywordStage {
  let everything: ByteRegexSet | null | undefined;
  const allEntries = (buf: Buffer) => {
    everything ??= tryCompileSet(entries.map(entryPattern), true);
    return tryMatching(everything, buf);
  };
  let literal: KeywordStage | undefined;
  let scanned = 0;
  return {
    matching(buf: Buffer): number[] | null {
      if (literal === undefined && scanned < literalAfterBytes) {
        scanned += buf.length;
        return allEntries(buf);
      }
      literal ??= compileLiteralStage(entries, allEntries);
      return literal.matching(buf);
    },
  };
}

/** The literal search; `allEntries` answers for a blob it cannot (U+017F, U+212A). */
function compileLiteralStage(entries: readonly KeywordEntry[], allEntries: (buf: Buffer) => number[] | null): KeywordStage {
  const literals: GramLiteral[] = [];
  // Per literal: the entry it stands for (a keyword) or the gate it points at (-1 - index), and
  // for a gate's text the bytes that may follow it (undefined: not worked out yet).
  const literalOwner: number[] = [];
  const literalFollow: (Uint8Array[] | undefined)[] = [];
  const literalText: number[] = [];
  const gates: GateCheck[] = [];
  const rest: number[] = [];
  entries.forEach((entry, idx) => {
    if ('keyword' in entry) {
      const text = entry.keyword.toLowerCase();
      if (!isAscii(text)) rest.push(idx);
      else {
        literals.push({ text: Buffer.from(text, 'latin1'), everyOccurrence: false });
        literalOwner.push(idx);
        literalFollow.push([]);
        literalText.push(-1);
      }
      return;
    }
    const found = gateLiterals(entry.gate);
    if (found === null) {
      rest.push(idx);
      return;
    }
    gates.push({
      entry: idx,
      offset: found.offset,
      regex: compileAnchoredRegex(entryPattern(entry), true),
      follow: found.follow,
      lineStart: found.lineStart,
    });
    found.texts.forEach((text, k) => {
      literals.push({ text: Buffer.from(text, 'latin1'), everyOccurrence: true });
      literalOwner.push(-gates.length);
      literalFollow.push(undefined);
      literalText.push(k);
    });
  });
  const grams = compileGramMatcher(literals);
  const restSet =
    rest.length === 0
      ? null
      : tryCompileSet(
          rest.map((i) => entryPattern(entries[i] as KeywordEntry)),
          true,
        );

  // found[i] === stamp: entry i occurs in the current blob (no clearing between blobs).
  const found = new Int32Array(entries.length);
  let stamp = 0;
  return {
    matching(buf: Buffer): number[] | null {
      stamp = stamp === 0x7fffffff ? 1 : stamp + 1;
      if (stamp === 1) found.fill(0);
      const out: number[] = [];
      const mark = (entry: number) => {
        if (found[entry] === stamp) return;
        found[entry] = stamp;
        out.push(entry);
      };
      const complete = grams.scan(buf, (literal, start) => {
        const owner = literalOwner[literal] as number;
        if (owner >= 0) {
          mark(owner);
          return true;
        }
        const gate = gates[-owner - 1] as GateCheck;
        if (found[gate.entry] === stamp) return true;
        let follow = literalFollow[literal];
        if (follow === undefined) {
          follow = gate.follow(literalText[literal] as number);
          literalFollow[literal] = follow;
        }
        const after = start + (literals[literal] as GramLiteral).text.length;
        for (let k = 0; k < follow.length; k++)
          if (after + k >= buf.length || !(follow[k] as Uint8Array)[buf[after + k] as number]) return false;
        const at = start - gate.offset;
        if (at < 0 || (gate.lineStart && at > 0 && buf[at - 1] !== 0x0a) || !gate.regex.matchesAt(buf, at)) return false;
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
