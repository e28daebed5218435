// Decides which rules run on a blob, in two one-pass stages, so the cost per byte barely grows
// with the number of rules:
//  1. keywords: a rule runs only if one of its keywords occurs (case-insensitively). Most blobs
//     stop here with no rule to run. A rule whose keywords are ordinary words (`atera` is in
//     `createRawString`, `sanity` in every C file's comments) may bring a `gate` as well, a cheap
//     pattern every match holds, and then runs only where both occur: those words alone sent 62%
//     of a sample of redis's history through the pattern set below for nothing.
//     A rule with no fixed text to key on brings a `gate` instead,
//     a cheap pattern found in the same stage, or a `tokenLength` (a bare AWS secret key is a
//     40-character word), looked for inside the blob's long runs of base64 characters. The
//     stage (keyword-stage.ts) is a literal search whose cost per byte does not grow with the
//     number of keywords, as an RE2::Set's did; a gate is tried by RE2 only where the literal
//     text it requires occurs. Only a user rule with neither falls back to a set of its own patterns.
//  2. patterns: when several rules survive, one RE2::Set of the surviving rules' patterns tells
//     which of them match anywhere, so a rule whose keyword occurs but whose pattern does not
//     (the usual case in clean text) costs nothing more. A big file then costs two passes, not one
//     per rule. The set holds only the survivors, not the whole catalog: an RE2::Set's cost per
//     byte grows with its size (measured: 58 patterns 614 MB/s, 232 patterns 160 MB/s), while
//     the survivors of ordinary code are a handful of generic rules. Sets are cached by the
//     selection, since the same few selections recur file after file. They hold each pattern
//     with its counted repetitions capped (loosen.ts): only "can it match?" is asked there, and
//     full counts made each set cost milliseconds to compile, in every worker.
// "A keyword occurs near every match" is read as "somewhere in the same blob": a selected rule's
// pattern runs over the whole blob, which can never cut a long match (a PEM block) short.
import { compileKeywordStage, entryPattern, type KeywordEntry, prebuildKeywordStage } from './keyword-stage.js';
import { loosenCounts } from './loosen.js';
import { type ByteRegexSet, tryCompileSet, tryMatching } from './re2.js';
import { type TokenWords, tokensByRuns } from './token-run.js';

/** Which rules can possibly match a blob. */
export interface Prefilter {
  /** Indices (ascending) of the rules worth running on `buf`; `words` finds its words of a length. */
  selectRules(buf: Buffer, words?: TokenWords): number[];
}

/** What the prefilter needs of each rule, in rule order. */
export interface PrefilterRule {
  keywords: readonly string[];
  pattern: string;
  gate?: string;
  tokenLength?: number;
}

// Below this many keyword-selected rules, running them directly is as cheap as the pattern set.
const PATTERN_SET_MIN_RULES = 2;

// Distinct selections seen before the cache starts over; real corpora show a few dozen.
const PATTERN_SET_CACHE_SIZE = 512;

/** The keyword stage's entries of `rules` (each keyword once, each gate once), and the rules of each. */
export function keywordEntries(rules: readonly PrefilterRule[]): {
  entries: KeywordEntry[];
  rulesByEntry: number[][];
  /** Per rule with keywords and a gate: the gate's entry, which must occur as well. */
  alsoGate: Map<number, number>;
} {
  const entryIndex = new Map<string, number>();
  const entries: KeywordEntry[] = [];
  const rulesByEntry: number[][] = [];
  const addEntry = (entry: KeywordEntry, ruleIdx: number) => {
    const pattern = entryPattern(entry);
    let k = entryIndex.get(pattern);
    if (k === undefined) {
      k = rulesByEntry.length;
      entryIndex.set(pattern, k);
      entries.push(entry);
      rulesByEntry.push([]);
    }
    const list = rulesByEntry[k] as number[];
    if (ruleIdx >= 0 && list[list.length - 1] !== ruleIdx) list.push(ruleIdx);
    return k;
  };
  const alsoGate = new Map<number, number>();
  rules.forEach((rule, ruleIdx) => {
    for (const keyword of rule.keywords) addEntry({ keyword }, ruleIdx);
    if (rule.keywords.length > 0) {
      if (rule.gate !== undefined) alsoGate.set(ruleIdx, addEntry({ gate: rule.gate }, -1));
    } else if (rule.gate !== undefined) addEntry({ gate: rule.gate }, ruleIdx);
  });
  return { entries, rulesByEntry, alsoGate };
}

/** Writes the keyword stage's tables for `rules` to `file` (keyword-tables.ts), for a start to use. */
export function prebuildPrefilter(rules: readonly PrefilterRule[], file?: string): void {
  prebuildKeywordStage(keywordEntries(rules).entries, file);
}

/** Builds the prefilter. Patterns must already compile (the matcher checks them first). */
export function compilePrefilter(rules: readonly PrefilterRule[]): Prefilter {
  const { entries, rulesByEntry, alsoGate } = keywordEntries(rules);
  const byTokenLength = new Map<number, number[]>();
  const keywordless: number[] = [];
  rules.forEach((rule, ruleIdx) => {
    if (rule.keywords.length > 0 || rule.gate !== undefined) return;
    if (rule.tokenLength !== undefined) byTokenLength.set(rule.tokenLength, [...(byTokenLength.get(rule.tokenLength) ?? []), ruleIdx]);
    else keywordless.push(ruleIdx);
  });
  const keywordStage = compileKeywordStage(entries);
  // If the gate set cannot compile, the keyword-less rules run on every blob instead.
  const loose: (string | undefined)[] = [];
  const loosePattern = (i: number) => {
    loose[i] ??= loosenCounts((rules[i] as PrefilterRule).pattern);
    return loose[i];
  };
  const gateSet = keywordless.length === 0 ? null : tryCompileSet(keywordless.map(loosePattern), false);
  const alwaysRun = gateSet === null ? keywordless : [];
  const patternSets = new Map<string, ByteRegexSet | null>();
  function patternSetFor(selection: number[]): ByteRegexSet | null {
    const key = selection.join(',');
    let set = patternSets.get(key);
    if (set === undefined) {
      if (patternSets.size >= PATTERN_SET_CACHE_SIZE) patternSets.clear();
      set = tryCompileSet(selection.map(loosePattern), false);
      patternSets.set(key, set);
    }
    return set;
  }
  const ruleCount = rules.length;
  const allRules = rules.map((_, i) => i);

  function selectByKeyword(buf: Buffer, words: TokenWords): number[] {
    const hits = keywordStage.matching(buf);
    if (hits === null) return allRules;
    const gated = gateSet === null ? [] : tryMatching(gateSet, buf);
    if (gated === null) return allRules;
    const tokenHits: number[] = [];
    for (const [n, list] of byTokenLength) if (words.has(n)) tokenHits.push(...list);
    if (hits.length === 0 && gated.length === 0 && tokenHits.length === 0) return alwaysRun;
    const selected = new Uint8Array(ruleCount);
    for (const idx of alwaysRun) selected[idx] = 1;
    for (const k of hits) for (const idx of rulesByEntry[k] as number[]) selected[idx] = 1;
    for (const [idx, gate] of alsoGate) if (selected[idx] && !hits.includes(gate)) selected[idx] = 0;
    for (const idx of tokenHits) selected[idx] = 1;
    for (const g of gated) selected[keywordless[g] as number] = 1;
    const out: number[] = [];
    for (let i = 0; i < ruleCount; i++) if (selected[i]) out.push(i);
    return out;
  }

  // A tokenLength rule's gate is already as narrow as its pattern (and the matcher runs it only
  // around the words found), while its loosened pattern would match nearly every blob.
  const tokenRule = new Uint8Array(ruleCount);
  for (const list of byTokenLength.values()) for (const idx of list) tokenRule[idx] = 1;

  return {
    selectRules(buf: Buffer, words = tokensByRuns(buf)): number[] {
      const selected = selectByKeyword(buf, words);
      const byKeyword = byTokenLength.size === 0 ? selected : selected.filter((i) => !tokenRule[i]);
      if (byKeyword.length < PATTERN_SET_MIN_RULES) return selected;
      const matching = tryMatching(patternSetFor(byKeyword), buf);
      if (matching === null) return selected;
      const out = matching.map((k) => byKeyword[k] as number);
      if (byKeyword.length === selected.length) return out;
      return [...out, ...selected.filter((i) => tokenRule[i])].sort((a, b) => a - b);
    },
  };
}
