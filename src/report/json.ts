// `--format json`: one pretty-printed array of findings, the contract of src/README.md "Findings".
import type { Reporter } from '../types.js';
import { toPublicFinding } from './public-finding.js';
import { presentFindings } from './redact.js';

/** The findings as one JSON array, 2-space indented, ending in a newline. */
export const json = ((result, options) =>
  `${JSON.stringify(presentFindings(result.findings, options).map(toPublicFinding), null, 2)}\n`) satisfies Reporter;
