// The findings an action command (keys, report, revoke) works on: JSON reports read back, or a
// scan of the targets made as `scan` would make it with no option typed.
import type { Finding } from '../types.js';
import { executeScan } from './execute-scan.js';
import { tryReadFindings } from './read-findings.js';
import { defaultScanFlags } from './scan-options.js';

/** The findings of the inputs, and whether a scan made for them could not read everything. */
export async function findingsFrom(inputs: string[]): Promise<{ findings: Finding[]; incomplete: boolean }> {
  const reports = inputs.map(tryReadFindings);
  if (inputs.length > 0 && reports.every((r) => r !== null)) return { findings: reports.flat() as Finding[], incomplete: false };
  // Quiet, every finding kept whatever its severity; the findings hold their secrets whole (for --verify).
  const flags = defaultScanFlags({ format: 'json', failOn: 'none', progress: false, color: false, quiet: true });
  const { result } = await executeScan(inputs, flags, () => false);
  return { findings: result.findings, incomplete: result.issues.length > 0 };
}
