// The reporter registry: the CLI's `--format` choices come from this one object.
import type { OutputFormat, Reporter } from '../types.js';
import { csv } from './csv.js';
import { json } from './json.js';
import { jsonl } from './jsonl.js';
import { sarif } from './sarif.js';
import { text } from './text.js';

/** Every output format by name; each is a pure `(result, options) => string`. */
export const reporters = { text, json, jsonl, sarif, csv } satisfies Record<OutputFormat, Reporter>;

/** A name accepted by `--format`. */
export type FormatName = OutputFormat;

export { presentFinding, presentFindings, redactSecret } from './redact.js';
