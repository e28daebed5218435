// `--format jsonl`: one finding per line, so large results can be streamed through jq or grep.
import type { Reporter } from '../types.js';
import { toPublicFinding } from './public-finding.js';
import { presentFindings } from './redact.js';

/** One compact JSON finding per line; empty when nothing was found. */
export const jsonl = ((result, options) =>
  presentFindings(result.findings, options)
    .map((f) => `${JSON.stringify(toPublicFinding(f))}\n`)
    .join('')) satisfies Reporter;
