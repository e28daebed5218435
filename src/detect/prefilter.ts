// Keyword prefilter: one case-insensitive RE2::Set of every rule's keywords runs over the blob
// once, and only rules with a keyword present run their own pattern. The set is one automaton,
// so its cost per byte barely changes with the number of rules; most blobs run no rule at all.
// "A keyword occurs near every match" is read as "somewhere in the same blob": a selected rule's
// pattern then runs over the whole blob, which can never cut a long match (a PEM block) short.
import { type ByteRegexSet, compileByteRegexSet, escapeLiteral } from './re2.js';

/** Which rules can possibly match a blob. */
export interface Prefilter {
  /** Indices (ascending) of the rules worth running on `buf`. */
  selectRules(buf: Buffer): number[];
}

/** Builds the prefilter for rules given as their keyword lists, in rule order. */
export function compilePrefilter(keywordLists: readonly (readonly string[])[]): Prefilter {
  const keywordIndex = new Map<string, number>();
  const rulesByKeyword: number[][] = [];
  const alwaysRun: number[] = [];
  keywordLists.forEach((keywords, ruleIdx) => {
    if (keywords.length === 0) alwaysRun.push(ruleIdx);
    for (const raw of keywords) {
      const kw = raw.toLowerCase();
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
  const set: ByteRegexSet = compileByteRegexSet([...keywordIndex.keys()].map(escapeLiteral), true);
  const ruleCount = keywordLists.length;
  const allRules = keywordLists.map((_, i) => i);

  return {
    selectRules(buf: Buffer): number[] {
      let hits: number[];
      try {
        hits = set.matching(buf);
      } catch {
        // RE2::Set reports running out of DFA memory instead of falling back like RE2 does;
        // then every rule runs, which is slower but never misses a secret.
        return allRules;
      }
      if (hits.length === 0) return alwaysRun;
      const selected = new Uint8Array(ruleCount);
      for (const idx of alwaysRun) selected[idx] = 1;
      for (const k of hits) for (const idx of rulesByKeyword[k] as number[]) selected[idx] = 1;
      const out: number[] = [];
      for (let i = 0; i < ruleCount; i++) if (selected[i]) out.push(i);
      return out;
    },
  };
}
