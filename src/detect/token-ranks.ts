// The tokenizer's vocabulary (cl100k_base's 100,256 byte-pair ranks) as JSON beside the compiled
// code. gpt-tokenizer ships it as a 1.1 MB JavaScript array literal, which V8 parses and compiles
// on every load: 100-140 ms in each thread that meets its first generic or entropy match (a
// pre-commit hook with one such line, each scan thread of a history scan). JSON.parse reads the
// same array in about 20 ms. The build writes the file (write-rule-snapshot.ts); a run without it,
// or with one written from another version of the package, takes the package's own array.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Where the build writes the vocabulary: beside the compiled code (dist/), never in src/. */
export const TOKEN_RANKS_FILE = fileURLToPath(new URL('../token-ranks.json', import.meta.url));

/** Each rank's bytes: a string, or the byte values of a piece that is not whole UTF-8. */
export type TokenRanks = (string | number[])[];

const require = createRequire(import.meta.url);

function packageVersion(): string {
  return (require('gpt-tokenizer/package.json') as { version: string }).version;
}

function packageRanks(): TokenRanks {
  return (require('gpt-tokenizer/bpeRanks/cl100k_base') as { default: TokenRanks }).default;
}

/** Writes the installed package's cl100k_base ranks to `file`, with the package's version. */
export function writeTokenRanks(file = TOKEN_RANKS_FILE): void {
  writeFileSync(file, JSON.stringify({ package: packageVersion(), ranks: packageRanks() }));
}

/** The ranks in `file` when it was written from the installed package, else the package's own. */
export function tokenRanks(file = TOKEN_RANKS_FILE): TokenRanks {
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { package?: unknown; ranks?: unknown };
    if (stored.package === packageVersion() && Array.isArray(stored.ranks)) return stored.ranks as TokenRanks;
  } catch {
    // No file (a run from src/, a build that has not written it) or not ours: the package's.
  }
  return packageRanks();
}
