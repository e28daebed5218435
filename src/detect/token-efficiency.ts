// Random, not just high-entropy: a byte-pair tokenizer trained on text and code splits words and
// identifiers glued together (DomRendererFactory2, SignatureV4SignWithCredentials) into a few
// long pieces, and machine-made values (q8Xr2LmN7vTz4KpW9sBc1HdJ) into many short ones. Entropy
// cannot tell them apart: both score 3.6-4 bits per character. benchmarks/token-efficiency.mjs
// measured it on the recall fixtures and the real-repository false positives (results in
// benchmarks/RESULTS.md): at 2.5 characters per token every planted secret stays and 9 of 10
// known false positives go, where no entropy threshold drops more than 4 of 10 without
// losing planted secrets.
//
// The vocabulary is cl100k_base, bundled with the gpt-tokenizer package (no download). Counting
// is the package's countTokens with no special tokens: its split of the text into pieces (its
// own regex), then per piece one token when the whole piece has a rank, else byte-pair merges,
// the lowest rank first (the leftmost of equals), until none is left. Only the count is needed,
// so the ranks come from a prebuilt table (token-table.ts) instead of the package's encoder,
// whose construction cost each thread 100-140 ms; test/detect/token-efficiency.test.ts checks
// the counts against the package's. The table loads on first use: only a blob where a generic
// or entropy rule matched pays for it.
import { createRequire } from 'node:module';
import { loadTokenTable, type TokenTable } from './token-table.js';

/** Values above this many characters per token read as words, not as generated secrets. */
export const MAX_CHARS_PER_TOKEN = 2.5;

const SURROGATE = /[\ud800-\udfff]/;

let table: TokenTable | undefined;
let split: RegExp | undefined;

function loaded(): { table: TokenTable; split: RegExp } {
  if (table === undefined || split === undefined) {
    const require = createRequire(import.meta.url);
    split = (require('gpt-tokenizer/encodingParams/constants') as { CL100K_TOKEN_SPLIT_REGEX: RegExp }).CL100K_TOKEN_SPLIT_REGEX;
    table = loadTokenTable();
  }
  return { table, split };
}

// The number of tokens byte-pair merging leaves of `bytes`. The package looks a part up by
// decoding it as UTF-8 first, with a decoder that drops a leading byte order mark; this looks its
// bytes up as they are. The two differ only for a part that starts with the mark's three bytes
// and goes on, and none can form: the mark's bytes have no rank either way, and the only rank
// that starts with its second or third byte is those two bytes.
function mergedCount(t: TokenTable, bytes: Uint8Array): number {
  // starts[i]: where part i begins; ranks[i]: the rank of parts i and i + 1 joined.
  const starts: number[] = [];
  const ranks: number[] = [];
  const joined = (i: number): number => {
    const end = starts[i + 2];
    if (end === undefined) return Number.POSITIVE_INFINITY;
    const r = t.rank(bytes, starts[i] as number, end);
    return r < 0 ? Number.POSITIVE_INFINITY : r;
  };
  for (let i = 0; i <= bytes.length; i++) starts.push(i);
  for (let i = 0; i < bytes.length; i++) ranks.push(joined(i));
  while (starts.length > 1) {
    let lowest = Number.POSITIVE_INFINITY;
    let at = -1;
    for (let i = 0; i < ranks.length - 1; i++) {
      if ((ranks[i] as number) < lowest) {
        lowest = ranks[i] as number;
        at = i;
      }
    }
    if (at === -1) break;
    starts.splice(at + 1, 1);
    ranks.splice(at, 1);
    ranks[at] = joined(at);
    if (at > 0) ranks[at - 1] = joined(at - 1);
  }
  return starts.length - 1;
}

/** The number of cl100k_base tokens of `text`, special-token text read as plain text. */
export function countTokens(text: string): number {
  const { table: t, split: pieces } = loaded();
  let count = 0;
  for (const [piece] of text.matchAll(pieces)) {
    if (piece.length === 1 && piece.charCodeAt(0) < 0x80) {
      count++;
      continue;
    }
    const bytes = Buffer.from(piece, 'utf8');
    // The package looks the whole piece up as a string: one with a lone surrogate is never found
    // (its UTF-8 has U+FFFD in the surrogate's place, so it does not decode back to the piece).
    const wellFormed = !SURROGATE.test(piece) || bytes.toString('utf8') === piece;
    if (wellFormed && t.rank(bytes, 0, bytes.length) >= 0) count++;
    else count += mergedCount(t, bytes);
  }
  return count;
}

/** Characters per byte-pair token of `value`: about 4 for English words, 1-2 for random tokens. */
export function charsPerToken(value: string): number {
  if (value.length === 0) return 0;
  return value.length / Math.max(1, countTokens(value));
}

/** Whether `value` splits into pieces as short as a machine-made secret's. */
export function looksMachineMade(value: string): boolean {
  return charsPerToken(value) <= MAX_CHARS_PER_TOKEN;
}
