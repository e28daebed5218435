// The closing block of the text report. A scan that could not read everything must never look
// clean, so issues get a loud block of their own, after everything else, where it is seen last.
import type { Finding, ScanResult, ScanStats, Severity } from '../types.js';
import { type Paint, sanitizeForTerminal } from './ansi.js';

/** Severities from worst to mildest, the order reports use. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * `1,234,567`. By hand rather than toLocaleString: the first locale call loads ICU data, about
 * 15 ms, which is a tenth of a pre-commit hook's whole run.
 */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1 finding`, `2 findings`. */
export function pluralize(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** Bytes in binary units with one decimal: `512 B`, `5.6 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Milliseconds as `850 ms`, `12.3 s` or `4 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Targets listed by name in the summary; past this only their number is. */
const MAX_TARGETS_NAMED = 5;

function describeCoverage(result: ScanResult): string {
  const { stats, targets } = result;
  const what = `${pluralize(stats.blobs, 'unique blob')} (${formatBytes(stats.bytes)}) of ${pluralize(stats.objects, 'object')}`;
  const named = targets.map((t) => (t === '-' ? 'stdin' : t));
  const where = targets.length <= MAX_TARGETS_NAMED ? named.join(', ') : pluralize(targets.length, 'target');
  return `${what} in ${sanitizeForTerminal(where)}`;
}

function renderIncomplete(result: ScanResult, paint: Paint): string[] {
  const lines = [
    '',
    paint('alarm', ` INCOMPLETE SCAN: ${pluralize(result.issues.length, 'issue')} `),
    paint('boldRed', 'Some content could not be read; secrets in it may be missing from this report.'),
  ];
  for (const issue of result.issues) {
    const where = [issue.object && `object ${issue.object}`, issue.path && `path ${issue.path}`].filter(Boolean);
    const detail = where.length > 0 ? ` (${where.join(', ')})` : '';
    lines.push(`  ${paint('bold', issue.code)}${sanitizeForTerminal(detail)}: ${sanitizeForTerminal(issue.message)}`);
  }
  return lines;
}

// Facts the enrichers could not add: the scan read everything, so this is no alarm, but the
// reader must know what is missing and how to get it.
function renderEnrichmentGaps(result: ScanResult, paint: Paint): string[] {
  const gaps = result.enrichment ?? [];
  const lines = [
    '',
    paint(
      'bold',
      `Enrichment incomplete: ${pluralize(gaps.length, 'fact')} could not be added (every file was read; the findings are whole).`,
    ),
  ];
  for (const gap of gaps) {
    lines.push(`  ${paint('bold', gap.code)}: ${sanitizeForTerminal(gap.message)}`, `    to supply it: ${sanitizeForTerminal(gap.remedy)}`);
  }
  return lines;
}

/**
 * "Not code: 2 tags files skipped; generic matches left out of 3 lock files, 1 minified bundle",
 * or null when there were none.
 */
export function describeNotCode(stats: ScanStats): string | null {
  const n = stats.notCode;
  if (!n) return null;
  const skipped = n.tags > 0 ? `${pluralize(n.tags, 'tags file')} skipped` : '';
  const gated = [
    n.lockfile > 0 ? pluralize(n.lockfile, 'lock file') : '',
    n.minified > 0 ? pluralize(n.minified, 'minified bundle') : '',
    n.generatedDocs > 0 ? pluralize(n.generatedDocs, 'generated API reference') : '',
  ].filter(Boolean);
  const parts = [skipped, gated.length > 0 ? `generic matches left out of ${gated.join(', ')}` : ''].filter(Boolean);
  return parts.length === 0 ? null : `Not code: ${parts.join('; ')}`;
}

/**
 * "2 blobs held more encoded runs than one blob's decoding takes: the rest were scanned as
 * written, not decoded", or null when none did (the cap is MAX_DECODED_RUNS of detect/).
 */
export function describeDecodeCapped(stats: ScanStats): string | null {
  const n = stats.decodeCapped ?? 0;
  if (n === 0) return null;
  return `${pluralize(n, 'blob')} held more encoded runs than one blob's decoding takes: the rest were scanned as written, not decoded`;
}

/** The summary lines: counts by severity, what was scanned, skips, time, then any issues. */
export function renderSummary(result: ScanResult, findings: readonly Finding[], paint: Paint): string[] {
  const { stats } = result;
  const lines: string[] = [];
  const secrets = findings.filter((f) => f.kind === 'secret');
  const intel = findings.length - secrets.length;
  const intelNote = intel === 0 ? '' : `; ${pluralize(intel, 'intelligence value')} (never fails the scan)`;
  if (secrets.length === 0 && stats.objects === 0 && result.issues.length > 0) {
    // Nothing was read at all: "no secrets found" would read as a clean bill of health.
    lines.push(
      `${paint('bold', `Nothing could be scanned: ${pluralize(result.issues.length, 'problem')} below`)}${intelNote}.`,
      `Scanned ${describeCoverage(result)}.`,
    );
  } else if (secrets.length === 0) {
    const scope = result.issues.length === 0 ? '' : ' in the content that could be read';
    lines.push(paint('bold', `No secrets found${scope}`) + `${intelNote}.`, `Scanned ${describeCoverage(result)}.`);
  } else {
    const bySeverity = SEVERITY_ORDER.map((s) => [s, secrets.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`);
    lines.push(paint('bold', `${pluralize(secrets.length, 'finding')} (${bySeverity.join(', ')})`) + intelNote);
    lines.push(`Scanned ${describeCoverage(result)}.`);
  }
  lines.push(
    `Skipped ${formatCount(stats.skippedTooLarge)} too large, ${formatCount(stats.skippedBinary)} binary; ` +
      `${formatCount(stats.suppressed)} suppressed; took ${formatDuration(stats.elapsedMs)}.`,
  );
  const notCode = describeNotCode(stats);
  if (notCode) lines.push(`${notCode}.`);
  const capped = describeDecodeCapped(stats);
  if (capped) lines.push(`${capped}.`);
  for (const note of result.notes ?? []) lines.push(`Note: ${sanitizeForTerminal(note)}.`);
  if ((result.enrichment ?? []).length > 0) lines.push(...renderEnrichmentGaps(result, paint));
  if (result.issues.length > 0) lines.push(...renderIncomplete(result, paint));
  return lines;
}
