// One line for stderr after a machine-readable report, so a person watching CI still sees
// the outcome and, above all, whether the scan was incomplete and what could not be read.
// Paths and messages come from the scanned material: their control characters are shown
// escaped, never sent to the terminal.
import { sanitizeForTerminal as safe } from '../report/ansi.js';
import { describeDecodeCapped, describeNotCode, formatBytes, formatCount } from '../report/text-summary.js';
import type { ScanResult } from '../types.js';

const MAX_LISTED = 10;

/** "credsweep: 3 findings (2 secret, 1 intel) in 1,204 blobs (12.3 MiB); INCOMPLETE: 1 issue: …" */
export function summaryLine(result: ScanResult): string {
  const secrets = result.findings.filter((f) => f.kind === 'secret').length;
  const intel = result.findings.length - secrets;
  let line = `credsweep: ${result.findings.length} findings (${secrets} secret, ${intel} intel) in ${formatCount(result.stats.blobs)} blobs (${formatBytes(result.stats.bytes)})`;
  if (result.stats.suppressed > 0) line += `, ${result.stats.suppressed} suppressed`;
  if (result.stats.skippedTooLarge > 0) line += `, ${result.stats.skippedTooLarge} too large and skipped`;
  for (const note of result.notes ?? []) line += `\nnote: ${note}`;
  for (const gap of result.enrichment ?? []) line += `\nenrichment incomplete: ${gap.code}: ${gap.message}; to supply it: ${gap.remedy}`;
  const notCode = describeNotCode(result.stats);
  if (notCode) line += `; ${notCode}`;
  const capped = describeDecodeCapped(result.stats);
  if (capped) line += `; ${capped}`;
  if (result.issues.length === 0) return line;
  line += `\nINCOMPLETE SCAN: ${result.issues.length} thing(s) could not be read:`;
  for (const issue of result.issues.slice(0, MAX_LISTED)) {
    const where = issue.object ?? issue.path;
    line += `\n  ${safe(issue.code)}${where ? ` ${safe(where)}` : ''}: ${safe(issue.message)}`;
  }
  if (result.issues.length > MAX_LISTED) line += `\n  … and ${result.issues.length - MAX_LISTED} more`;
  return line;
}
