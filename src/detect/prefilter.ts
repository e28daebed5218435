// Decides which rules run on a blob, in two one-pass stages, so the cost per byte barely grows
// with the number of rules:
//  1. keywords: one case-insensitive RE2::Set of every rule's keywords; a rule runs only if one
//     of its keywords occurs. Most blobs stop here with no rule to run. Rules with no keywords
//     (a bare AWS secret key has no fixed text) are gated by their own patterns, in a small set
//     of their own: merged into the keyword set, the bare key's 40-character run multiplied the
//     automaton's states and cut that pass from 812 to 164 MB/s with 413 keywords; apart, the two
//     passes run at about 770 and 800 MB/s.
//  2. patterns: when several rules survive, one RE2::Set of the surviving rules' patterns tells
//     which of them match anywhere, so a rule whose keyword occurs but whose pattern does not
//     (the usual case in clean text) costs nothing more. A big file then costs two passes, not one
//     per rule. The set holds only the survivors, not the whole catalog: an RE2::Set's cost per
//     byte grows with its size (measured: 58 patterns 614 MB/s, 232 patterns 160 MB/s), while
//     the survivors of ordinary code are a handful of generic rules. Sets are cached by the
//     selection, since the same few selections recur file after file.
// "A keyword occurs near every match" is read as "somewhere in the same blob": a selected rule's
// pattern runs over the whole blob, which can never cut a long match (a PEM block) short.
import { type ByteRegexSet, compileByteRegexSet, escapeLiteral } from './re2.js';

/** Which rules can possibly match a blob. */
export interface Prefilter {
  /** Indices (ascending) of the rules worth running on `buf`. */
  selectRules(buf: Buffer): number[];
}

/** What the prefilter needs of each rule, in rule order. */
export interface PrefilterRule {
  keywords: readonly string[];
  pattern: string;
}

// Below this many keyword-selected rules, running them directly is as cheap as the pattern set.
const PATTERN_SET_MIN_RULES = 2;

// Distinct selections seen before the cache starts over; real corpora show a few dozen.
const PATTERN_SET_CACHE_SIZE = 512;

// RE2::Set reports running out of DFA memory (or a program too large to compile) instead of
// falling back the way a single RE2 does; then the stage is skipped, which is slower but never
// misses a secret.
function tryMatching(set: ByteRegexSet | null, buf: Buffer): number[] | null {
  if (set === null) return null;
  try {
    return set.matching(buf);
  } catch {
    return null;
  }
}

function tryCompileSet(patterns: string[], caseInsensitive: boolean): ByteRegexSet | null {
  try {
    return compileByteRegexSet(patterns, caseInsensitive);
  } catch {
    return null;
  }
}

/** Builds the prefilter. Patterns must already compile (the matcher checks them first). */
export function compilePrefilter(rules: readonly PrefilterRule[]): Prefilter {
  const keywordIndex = new Map<string, number>();
  const rulesByKeyword: number[][] = [];
  const keywordless: number[] = [];
  rules.forEach((rule, ruleIdx) => {
    if (rule.keywords.length === 0) keywordless.push(ruleIdx);
    for (const raw of rule.keywords) {
      const kw = escapeLiteral(raw.toLowerCase());
      let k = keywordIndex.get(kw);
      if (k === undefined) {
        k = rulesByKeyword.length;
        keywordIndex.set(kw, k);
        rulesByKeyword.push([]);
      }
      const list = rulesByKeyword[k] as number[];
      if (list[list.length - 1] !== ruleIdx) list.push(ruleIdx);
    }
  });
  const keywordSet = tryCompileSet([...keywordIndex.keys()], true);
  // If the gate set cannot compile, the keyword-less rules run on every blob instead.
  const gateSet = keywordless.length === 0 ? null : tryCompileSet(keywordless.map((i) => (rules[i] as PrefilterRule).pattern), false);
  const alwaysRun = gateSet === null ? keywordless : [];
  const patternSets = new Map<string, ByteRegexSet | null>();
  function patternSetFor(selection: number[]): ByteRegexSet | null {
    const key = selection.join(',');
    let set = patternSets.get(key);
    if (set === undefined) {
      if (patternSets.size >= PATTERN_SET_CACHE_SIZE) patternSets.clear();
      set = tryCompileSet(
        selection.map((i) => (rules[i] as PrefilterRule).pattern),
        false,
      );
      patternSets.set(key, set);
    }
    return set;
  }
  const ruleCount = rules.length;
  const allRules = rules.map((_, i) => i);

  function selectByKeyword(buf: Buffer): number[] {
    const hits = tryMatching(keywordSet, buf);
    if (hits === null) return allRules;
    const gated = gateSet === null ? [] : tryMatching(gateSet, buf);
    if (gated === null) return allRules;
    if (hits.length === 0 && gated.length === 0) return alwaysRun;
    const selected = new Uint8Array(ruleCount);
    for (const idx of alwaysRun) selected[idx] = 1;
    for (const k of hits) for (const idx of rulesByKeyword[k] as number[]) selected[idx] = 1;
    for (const g of gated) selected[keywordless[g] as number] = 1;
    const out: number[] = [];
    for (let i = 0; i < ruleCount; i++) if (selected[i]) out.push(i);
    return out;
  }

  return {
    selectRules(buf: Buffer): number[] {
      const byKeyword = selectByKeyword(buf);
      if (byKeyword.length < PATTERN_SET_MIN_RULES) return byKeyword;
      const matching = tryMatching(patternSetFor(byKeyword), buf);
      if (matching === null) return byKeyword;
      return matching.map((k) => byKeyword[k] as number);
    },
  };
}
