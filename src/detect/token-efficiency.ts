// Random, not just high-entropy: a byte-pair tokenizer trained on text and code splits words and
// identifiers glued together (DomRendererFactory2, SignatureV4SignWithCredentials) into a few
// long pieces, and machine-made values (q8Xr2LmN7vTz4KpW9sBc1HdJ) into many short ones. Entropy
// cannot tell them apart: both score 3.6-4 bits per character. benchmarks/token-efficiency.mjs
// measured it on the recall fixtures and the real-repository false positives (results in
// benchmarks/RESULTS.md): at 2.5 characters per token every planted secret stays and 9 of 10
// known false positives go, where no entropy threshold drops more than 4 of 10 without
// losing planted secrets.
//
// The vocabulary is cl100k_base, bundled with the gpt-tokenizer package (no download), read from
// the build's JSON copy (token-ranks.ts). Loading it still takes some 50 ms, so it loads on first
// use: only a blob where a generic or entropy rule matched pays for it.
import { createRequire } from 'node:module';
import { tokenRanks } from './token-ranks.js';

/** Values above this many characters per token read as words, not as generated secrets. */
export const MAX_CHARS_PER_TOKEN = 2.5;

type CountTokens = (text: string, options: { disallowedSpecial: Set<string> }) => number;

let countTokens: CountTokens | undefined;

function load(): CountTokens {
  if (!countTokens) {
    const require = createRequire(import.meta.url);
    const { GptEncoding } = require('gpt-tokenizer/GptEncoding') as {
      GptEncoding: { getEncodingApi(name: string, ranks: () => unknown): { countTokens: CountTokens } };
    };
    // What gpt-tokenizer/encoding/cl100k_base does, with the ranks from JSON (its countTokens is bound).
    countTokens = GptEncoding.getEncodingApi('cl100k_base', () => tokenRanks()).countTokens;
  }
  return countTokens;
}

// Special-token text in a scanned file (<|endoftext|>) is text like any other, not a marker.
const NO_SPECIAL = new Set<string>();

/** Characters per byte-pair token of `value`: about 4 for English words, 1-2 for random tokens. */
export function charsPerToken(value: string): number {
  if (value.length === 0) return 0;
  return value.length / Math.max(1, load()(value, { disallowedSpecial: NO_SPECIAL }));
}

/** Whether `value` splits into pieces as short as a machine-made secret's. */
export function looksMachineMade(value: string): boolean {
  return charsPerToken(value) <= MAX_CHARS_PER_TOKEN;
}
