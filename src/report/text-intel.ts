// The "what an attacker learns" block of the text report (`scan --intel`): the environmental
// intelligence the AWS Code Exposure playbook asks a responder to assess, one line per distinct
// value, grouped by what kind of thing it is. Values are shown whole: an account id or a
// hostname grants nothing, and the reader has to see it to judge it.
import type { Finding } from '../types.js';
import { type Paint, sanitizeForTerminal as safe } from './ansi.js';
import { pluralize } from './text-summary.js';

/** Values listed per rule; the rest are counted. */
const MAX_VALUES_PER_RULE = 15;

function describeValue(f: Finding): string {
  const files = new Set(f.occurrences.map((o) => o.file ?? '-'));
  const where = f.file === null ? '' : ` (${safe(f.file)}${files.size > 1 ? ` +${files.size - 1} more files` : ''})`;
  return `${safe(f.secret)}${where}`;
}

/** The intelligence block, or nothing when there are no intel findings. */
export function renderIntel(findings: readonly Finding[], paint: Paint): string[] {
  const intel = findings.filter((f) => f.kind === 'intel');
  if (intel.length === 0) return [];
  const lines = [paint('bold', ` ENVIRONMENTAL INTELLIGENCE `) + ` ${pluralize(intel.length, 'value')} an attacker learns from this code`];
  const byRule = new Map<string, Finding[]>();
  for (const f of intel) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  for (const [ruleId, list] of [...byRule].sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(`  ${paint('bold', safe(list[0]?.ruleName ?? ruleId))} ${paint('dim', `[${ruleId}]`)}: ${list.length}`);
    const sorted = [...list].sort((a, b) => b.occurrences.length - a.occurrences.length || a.secret.localeCompare(b.secret));
    for (const f of sorted.slice(0, MAX_VALUES_PER_RULE)) lines.push(`    ${describeValue(f)}`);
    if (sorted.length > MAX_VALUES_PER_RULE) lines.push(`    +${sorted.length - MAX_VALUES_PER_RULE} more`);
  }
  lines.push('');
  return lines;
}
