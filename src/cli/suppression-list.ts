// What settings found inside a scanned target silenced, spelled out: a count alone ("2
// suppressed") hides that a planted `*` in .credsweepignore emptied the report. Paths come from
// the target, so control characters are shown escaped, never sent to the terminal.
import { sanitizeForTerminal as safe } from '../report/ansi.js';
import type { Suppression } from '../scan/run-scan.js';

const MAX_LISTED = 50;

/** Lines for stderr: the target files not applied, and what the applied ones suppressed. */
export function describeTargetSettings(notApplied: string[], applied: string[], suppressions: Suppression[]): string {
  let text = '';
  if (notApplied.length > 0) {
    const files = notApplied.map(safe).join(', ');
    text += `credsweep: not applied: ${files} (found inside the scanned target, whose settings are data, not instructions; --trust-target-config applies them)\n`;
  }
  const mine = suppressions.filter((s) => applied.some((file) => s.by.includes(file)));
  if (mine.length === 0) return text;
  text += `credsweep: ${mine.length} finding(s) suppressed by settings found inside the scanned target:\n`;
  for (const s of mine.slice(0, MAX_LISTED)) {
    const where = `${s.file === null ? '(no path)' : safe(s.file)}${s.line === null ? '' : `:${s.line}`}`;
    text += `  ${safe(s.rule)} in ${where} (${safe(s.by)})\n`;
  }
  if (mine.length > MAX_LISTED) text += `  … and ${mine.length - MAX_LISTED} more\n`;
  return text;
}
