// One line for stderr after a machine-readable report, so a person watching CI still sees
// the outcome and, above all, whether the scan was incomplete.
import type { ScanResult } from '../types.js';

/** "credsweep: 3 findings (2 secret, 1 intel) in 1,204 blobs (12.3 MB); INCOMPLETE: 1 issue: …" */
export function summaryLine(result: ScanResult): string {
  const secrets = result.findings.filter((f) => f.kind === 'secret').length;
  const intel = result.findings.length - secrets;
  const mb = (result.stats.bytes / 1048576).toFixed(1);
  let line = `credsweep: ${result.findings.length} findings (${secrets} secret, ${intel} intel) in ${result.stats.blobs.toLocaleString('en')} blobs (${mb} MB)`;
  if (result.stats.suppressed > 0) line += `, ${result.stats.suppressed} suppressed`;
  if (result.stats.skippedTooLarge > 0) line += `, ${result.stats.skippedTooLarge} too large and skipped`;
  if (result.issues.length > 0) {
    const first = result.issues[0];
    line += `; INCOMPLETE: ${result.issues.length} issue(s), first: ${first?.code} ${first?.message}`;
  }
  return line;
}
