// `--format csv`: one row per finding for spreadsheets. Authors, paths and secrets come from
// the scanned (possibly hostile) repository, so cells that a spreadsheet would run as a
// formula are defused with a leading quote (OWASP "CSV injection").
import type { Finding, Reporter } from '../types.js';
import { presentFindings } from './redact.js';

const COLUMNS = [
  'id',
  'rule',
  'kind',
  'severity',
  'confidence',
  'secret',
  'file',
  'line',
  'column',
  'commit',
  'author',
  'email',
  'date',
  'target',
  'source',
  'reachable',
  'atHead',
  'occurrences',
  'identifier',
  // Last, so a sheet or script that reads columns by position keeps working.
  'subject',
] as const;

type Cell = string | number | boolean | null;

/** A cell as RFC 4180 text: formula-like starts defused, quoted when it holds `"`, `,` or a line break. */
export function formatCsvCell(value: Cell): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function toRow(f: Finding): Cell[] {
  return [
    f.id,
    f.rule,
    f.kind,
    f.severity,
    f.confidence,
    f.secret,
    f.file,
    f.line,
    f.column,
    f.commit,
    f.author,
    f.email,
    f.date,
    f.target,
    f.source,
    f.reachable,
    f.atHead,
    f.occurrences.length,
    f.identifier ?? null,
    f.occurrences[0]?.subject ?? null,
  ];
}

/** A header row and one row per finding, CRLF-terminated as RFC 4180 says. */
export const csv = ((result, options) =>
  [COLUMNS, ...presentFindings(result.findings, options).map(toRow)]
    .map((row) => `${row.map(formatCsvCell).join(',')}\r\n`)
    .join('')) satisfies Reporter;
