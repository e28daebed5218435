// The only module that imports `re2`. Everything else in detect/ sees these small interfaces,
// so the engine could be swapped (e.g. for a WASM build) without touching the matcher.
//
// node-re2 on a Buffer treats the bytes as UTF-8 and reports every offset in bytes (verified in
// test/detect/re2.test.ts), so blobs are scanned without decoding them to JS strings first.
// Invalid UTF-8 bytes never match `.` or a class, but literals around them still match.
import RE2 from 're2';

/** One match of a byte regex: byte offsets of the whole match and of each capture group. */
export interface ByteMatch {
  /** Byte offset of the match. */
  start: number;
  /** Byte offset just past the match. */
  end: number;
  /** `[start, end]` per group (index 0 is the whole match); undefined when a group did not take part. */
  groups: ([number, number] | undefined)[];
}

/** A compiled RE2 pattern used over byte buffers. */
export interface ByteRegex {
  /** The pattern as written. */
  readonly source: string;
  /** Number of capture groups in the pattern. */
  readonly groupCount: number;
  /** Every non-overlapping match in `data[from, to)`, in order; offsets are relative to `data`. */
  findAll(data: Buffer, from?: number, to?: number): ByteMatch[];
  /** Whether the pattern matches anywhere in `data` (a Buffer or a JS string). */
  test(data: Buffer | string): boolean;
}

/** A set of patterns run in one pass, answering which of them occur. */
export interface ByteRegexSet {
  /** Indices (ascending) of the patterns that match somewhere in `data`. */
  matching(data: Buffer): number[];
}

/** Thrown by the compile functions; `message` is RE2's own description of the problem. */
export class RegexSyntaxError extends Error {}

function toSyntaxError(err: unknown): RegexSyntaxError {
  return new RegexSyntaxError(err instanceof Error ? err.message : String(err));
}

// Appending an empty alternative makes exec('') succeed, and the result's length reveals the
// group count, which node-re2 does not expose directly.
function countGroups(pattern: string): number {
  const probe = new RE2(`(?:${pattern})|`).exec('');
  return probe ? probe.length - 1 : 0;
}

/**
 * Compiles `pattern` (RE2 syntax, no implicit flags: rules write `(?i)`, `(?m)`, `(?s)` inline).
 * @throws RegexSyntaxError when RE2 rejects the pattern.
 */
export function compileByteRegex(pattern: string): ByteRegex {
  let global: RE2;
  try {
    // 'd' gives byte indices of capture groups on Buffer input; 'g' drives the lastIndex loop.
    global = new RE2(pattern, 'gd');
  } catch (err) {
    throw toSyntaxError(err);
  }
  // Counted on first use: counting compiles the pattern again, which took longer than the
  // compile itself, and a scan with rules checked at load never asks.
  let groupCount: number | undefined;
  let tester: RE2 | undefined; // built on first use: most regexes only ever run findAll
  return {
    source: pattern,
    get groupCount() {
      groupCount ??= countGroups(pattern);
      return groupCount;
    },
    findAll(data: Buffer, from = 0, to = data.length): ByteMatch[] {
      const view = from === 0 && to === data.length ? data : data.subarray(from, to);
      const out: ByteMatch[] = [];
      global.lastIndex = 0;
      for (;;) {
        const m = global.exec(view);
        if (m === null) break;
        const len = m[0].length;
        const start = m.index + from;
        // One entry per group of the pattern, undefined where a group did not take part.
        const indices = m.indices ?? [];
        const groups: ([number, number] | undefined)[] = [];
        for (let g = 0; g < indices.length; g++) {
          const pair = indices[g];
          groups.push(pair ? [pair[0] + from, pair[1] + from] : undefined);
        }
        out.push({ start, end: start + len, groups });
        // An empty match would otherwise repeat forever at the same offset.
        if (len === 0) global.lastIndex = m.index + 1;
        if (global.lastIndex > view.length) break;
      }
      global.lastIndex = 0;
      return out;
    },
    test(data: Buffer | string): boolean {
      tester ??= new RE2(pattern);
      return tester.test(data);
    },
  };
}

/**
 * Compiles patterns into one RE2::Set (one automaton, one pass over the input).
 * @param caseInsensitive apply `i` to every pattern.
 * @throws RegexSyntaxError when RE2 rejects a pattern.
 */
export function compileByteRegexSet(patterns: string[], caseInsensitive: boolean): ByteRegexSet {
  let set: InstanceType<typeof RE2.Set>;
  try {
    set = new RE2.Set(patterns, caseInsensitive ? 'i' : '');
  } catch (err) {
    throw toSyntaxError(err);
  }
  return {
    matching: (data: Buffer) => (patterns.length === 0 ? [] : set.match(data)),
  };
}

// RE2::Set reports running out of DFA memory (or a program too large to compile) instead of
// falling back the way a single RE2 does; these give null instead, and the caller skips the
// stage, which is slower but never misses a secret.

/** The set's answer, or null when RE2 could not give it. */
export function tryMatching(set: ByteRegexSet | null, buf: Buffer): number[] | null {
  if (set === null) return null;
  try {
    return set.matching(buf);
  } catch {
    return null;
  }
}

/** The compiled set, or null when RE2 could not build it. */
export function tryCompileSet(patterns: string[], caseInsensitive: boolean): ByteRegexSet | null {
  try {
    return compileByteRegexSet(patterns, caseInsensitive);
  } catch {
    return null;
  }
}

/** A pattern asked only whether a match starts at a given byte offset. */
export interface AnchoredRegex {
  /** Whether a match of the pattern starts at byte `start` of `data` (bytes before it are context for `\b`). */
  matchesAt(data: Buffer, start: number): boolean;
}

/**
 * Compiles `pattern` to be tried at chosen offsets (RE2's sticky mode).
 * @throws RegexSyntaxError when RE2 rejects the pattern.
 */
export function compileAnchoredRegex(pattern: string, caseInsensitive: boolean): AnchoredRegex {
  let sticky: RE2;
  try {
    sticky = new RE2(pattern, caseInsensitive ? 'iy' : 'y');
  } catch (err) {
    throw toSyntaxError(err);
  }
  return {
    matchesAt(data: Buffer, start: number): boolean {
      sticky.lastIndex = start;
      const found = sticky.test(data);
      sticky.lastIndex = 0;
      return found;
    },
  };
}

/** Escapes a literal so RE2 matches it verbatim. */
export function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&');
}
