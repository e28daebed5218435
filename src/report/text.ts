// `--format text`, the default: for the responder at a terminal. Findings are grouped by
// severity then rule, worst first, and each says where the secret is, who put it there and
// whether it can still be fetched from the repository, which decides how urgent revoking is.
import type { Finding, Occurrence, Reporter, Severity } from '../types.js';
import { type Paint, type Style, createPaint, sanitizeForTerminal as safe } from './ansi.js';
import { presentFindings } from './redact.js';
import { renderIntel } from './text-intel.js';
import { renderNextSteps } from './text-next-steps.js';
import { SEVERITY_ORDER, pluralize, renderSummary } from './text-summary.js';

/** Other occurrences listed under a finding before the rest are counted as `+N more`. */
const MAX_OTHER_OCCURRENCES = 5;
/** Refs named in "still in history of"; a repository can have thousands. */
const MAX_REFS_SHOWN = 3;
const SHORT_COMMIT = 12;

const SEVERITY_STYLE: Record<Severity, Style> = {
  critical: 'alarm',
  high: 'boldRed',
  medium: 'yellow',
  low: 'cyan',
  info: 'dim',
};

function formatPlace(o: Pick<Occurrence, 'file' | 'line' | 'column' | 'blob'>, source: Finding['source']): string {
  // A pathless git blob is one no tree names (dangling); its id is all there is to go on.
  const file = o.file !== null ? safe(o.file) : source === 'stdin' ? '<stdin>' : `<blob ${o.blob.slice(0, SHORT_COMMIT)}>`;
  // Line 0: a file found by its name, where no line applies.
  return o.line === 0 ? file : `${file}:${o.line}:${o.column}`;
}

// The subject is the repository's text: bounded when read (parseCommitSubject), neutralised here.
function formatCommit(o: Pick<Occurrence, 'commit' | 'author' | 'email' | 'date' | 'subject'>): string | undefined {
  if (o.commit === null) return undefined;
  const who = o.author === null ? '' : ` · ${safe(o.author)}${o.email === null ? '' : ` <${safe(o.email)}>`}`;
  const subject = o.subject === undefined ? '' : ` · "${safe(o.subject)}"`;
  return `commit ${o.commit.slice(0, SHORT_COMMIT)}${who}${o.date === null ? '' : ` · ${o.date}`}${subject}`;
}

/** Where the secret still lives: what a responder needs to judge whether history must be rewritten. */
function describeReach(f: Finding): string | undefined {
  if (f.source !== 'git' && f.commit === null) return undefined;
  if (!f.reachable) return 'unreachable (no ref holds it)';
  if (f.atHead) return 'still at HEAD';
  const refs = [...new Set(f.occurrences.flatMap((o) => o.refs))].sort();
  const shown = refs.slice(0, MAX_REFS_SHOWN).map(safe).join(', ');
  const more = refs.length > MAX_REFS_SHOWN ? ` +${refs.length - MAX_REFS_SHOWN} more` : '';
  return `removed from HEAD, still in history of ${shown || 'a ref'}${more}`;
}

function describeOther(o: Occurrence, source: Finding['source']): string {
  const parts = [formatPlace(o, source) + (o.target === undefined ? '' : ` in ${safe(o.target)}`)];
  if (o.commit !== null) parts.push(`commit ${o.commit.slice(0, SHORT_COMMIT)}`);
  if (o.date !== null) parts.push(o.date);
  if (o.commit !== null && o.refs.length === 0) parts.push('unreachable');
  return parts.join(' · ');
}

const PAIR_EVIDENCE = {
  high: 'beside it',
  medium: 'same file or commit',
  low: 'CANDIDATE only: found elsewhere in the target; revoke acts on it only when named with --key',
} as const;

function pairLine(f: Finding): string {
  const id = f.identifier as string;
  const where = f.occurrences[0]?.identifierLine;
  const evidence =
    f.pairConfidence === undefined
      ? ''
      : ` (${f.pairConfidence} confidence, ${PAIR_EVIDENCE[f.pairConfidence]}${where === undefined ? '' : `, line ${where}`})`;
  const token = f.sessionToken === undefined ? '' : `, with session token ${safe(f.sessionToken)}`;
  return `pairs with key id ${safe(id)}${evidence}${token}`;
}

function renderFinding(f: Finding, paint: Paint, showTarget: boolean): string[] {
  const header = [
    paint(SEVERITY_STYLE[f.severity], f.severity.toUpperCase()),
    paint('bold', safe(f.ruleName)),
    safe(f.secret),
    paint('dim', `(${f.confidence} confidence)`),
  ].join('  ');
  const first = f.occurrences[0];
  const place =
    formatPlace({ file: f.file, line: f.line, column: f.column, blob: first?.blob ?? '' }, f.source) +
    (showTarget && f.source !== 'stdin' ? ` in ${safe(f.target)}` : '');
  const lines = [header, place];
  if (f.identifier !== undefined) lines.push(pairLine(f));
  if (f.decoded !== undefined) lines.push(`found after decoding ${safe(f.decoded)}`);
  if (f.aws) {
    const a = f.aws;
    const who = a.user ? `, IAM user ${safe(a.user)}, ${safe(a.status ?? 'status unknown')}` : '';
    const used = a.lastUsed ? `, last used ${safe(a.lastUsed)}` : '';
    const relation = a.relation === undefined ? '' : ` (${a.relation})`;
    lines.push(`AWS account ${safe(a.account ?? 'unknown')}${relation}${who}${used}${a.verified === 'unknown' ? '' : `, ${a.verified}`}`);
  }
  const commit = formatCommit({ ...f, subject: first?.subject });
  if (commit) lines.push(commit);
  const reach = describeReach(f);
  if (reach) lines.push(f.reachable ? reach : paint('yellow', reach));
  const others = f.occurrences.slice(1);
  if (others.length > 0) {
    lines.push(`also in ${pluralize(others.length, 'other place')}:`);
    for (const o of others.slice(0, MAX_OTHER_OCCURRENCES)) lines.push(`  ${describeOther(o, f.source)}`);
    if (others.length > MAX_OTHER_OCCURRENCES) lines.push(`  +${others.length - MAX_OTHER_OCCURRENCES} more`);
  }
  if (f.snippet.trim() !== '') lines.push(paint('dim', '│ ') + safe(f.snippet.trim()));
  return lines.map((l) => `    ${l}`);
}

/** Findings worst first, grouped by severity then rule, then the summary. */
export const text = ((result, options) => {
  const paint = createPaint(options.color);
  const findings = presentFindings(result.findings, options);
  const showTarget = result.targets.length > 1;
  const lines: string[] = [];
  const secrets = findings.filter((f) => f.kind === 'secret');
  for (const severity of SEVERITY_ORDER) {
    const group = secrets.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(paint(SEVERITY_STYLE[severity], ` ${severity.toUpperCase()} `) + paint('bold', ` ${pluralize(group.length, 'finding')}`));
    const ruleIds = [...new Set(group.map((f) => f.rule))].sort();
    for (const ruleId of ruleIds) {
      const ofRule = group.filter((f) => f.rule === ruleId);
      lines.push(`  ${paint('bold', safe(ofRule[0]?.ruleName ?? ruleId))} ${paint('dim', `[${ruleId}]`)}`);
      for (const f of ofRule) lines.push(...renderFinding(f, paint, showTarget), '');
    }
  }
  lines.push(...renderIntel(findings, paint));
  lines.push(...renderSummary(result, findings, paint));
  lines.push(...renderNextSteps(findings, paint));
  return `${lines.join('\n')}\n`;
}) satisfies Reporter;
