// The keyword-pass entries of one rule. Most are the keywords as literals. A vendor rule written
// as `(?i)(?:^|[^a-z0-9])(?:name|other)…` (the catalog's shape for keys with no prefix of their
// own, recognised by a setting that names the vendor) matches only where one of its names starts a
// word; when its keywords include every one of those names, the keyword pass asks the same of
// them. A name inside an ordinary identifier then selects nothing: `atera` occurs in 602 of
// 3,694 redis text blobs, all inside `createRawStringObject`, and each such selection sent a blob
// to the second (pattern-set) pass for nothing. The same test before the name adds no state to
// the keyword automaton worth measuring (a name-and-assignment gate would: counted repetitions
// multiply an RE2 set's states).
import { escapeLiteral } from './re2.js';

const WORD_START = '(?:^|[^a-z0-9])';
// `(?i)(?:^|[^a-z0-9])(?:` names `)`, the names group not made optional by a quantifier.
const NAMES_FIRST = /^\(\?i\)\(\?:\^\|\[\^a-z0-9\]\)\(\?:([^()[\]\\]*(?:\\.[^()[\]\\]*)*)\)(?![?*{])/;

// Whether `rest` has a `|` outside every group and class, which would let the pattern match
// without the leading names.
function hasTopLevelAlternation(rest: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') {
      inClass = true;
      if (rest[i + 1] === ']') i++; // `[]…]`: a leading `]` is a member
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

// The names that must start a word wherever `pattern` matches (as escapeLiteral writes them),
// or null when the pattern does not promise that.
function wordStartNames(pattern: string): Set<string> | null {
  const m = NAMES_FIRST.exec(pattern);
  if (m === null || hasTopLevelAlternation(pattern.slice(m[0].length))) return null;
  return new Set((m[1] as string).toLowerCase().split('|'));
}

/**
 * The entries a rule adds to the case-insensitive keyword set: each keyword as a literal, or,
 * for a name the rule's pattern only matches at the start of a word, that literal after a
 * start-of-word test. Any text the rule's pattern matches still holds one of the entries.
 */
export function keywordEntries(rule: { keywords: readonly string[]; pattern: string }): string[] {
  const literals = rule.keywords.map((k) => escapeLiteral(k.toLowerCase()));
  const names = wordStartNames(rule.pattern);
  if (names === null || ![...names].every((n) => literals.includes(n))) return literals;
  return literals.map((l) => (names.has(l) ? `${WORD_START}${l}` : l));
}
