// Exit codes are part of the contract (src/README.md): 0 clean, 1 secrets at or above --fail-on,
// 2 usage/config/fatal source error, 3 scan incomplete. Incomplete wins over findings: a
// script must be able to tell "we read everything" from "we could not".
import { EXIT } from '../errors.js';
import type { ScanResult, Severity } from '../types.js';

export { EXIT };

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** The exit code for a finished scan. */
export function exitCodeForScan(result: ScanResult, failOn: Severity | 'none'): number {
  if (result.issues.length > 0) return EXIT.incomplete;
  if (failOn === 'none') return EXIT.clean;
  const failing = result.findings.some((f) => f.kind === 'secret' && RANK[f.severity] >= RANK[failOn]);
  return failing ? EXIT.findings : EXIT.clean;
}
