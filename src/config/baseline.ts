// Baselines: the findings a team has already triaged, so that a hook or CI job reports only new
// ones. A baseline file holds finding ids (fingerprints of rule + secret) and where each was, never
// a secret, so it is safe to commit. A gitleaks JSON report or a credsweep JSON report is accepted
// as a baseline too, so a team can switch tools without re-triaging.
import { ConfigError } from '../errors.js';
import type { Finding } from '../types.js';
import { BASELINE_FILE_LIMIT, readBoundedFile } from './bounded-file.js';

/** The format version written into baseline files. */
export const BASELINE_VERSION = 1;

/** One entry of a gitleaks report, as far as matching needs it. */
interface GitleaksEntry {
  secret: string | null;
  /** The start of the secret a partly redacted report kept (`--redact=N`). */
  prefix: string | null;
  file: string | null;
  line: number | null;
  commit: string | null;
}

/** A loaded baseline. */
export interface Baseline {
  /** The file it came from. */
  file: string;
  /** Which format it was read as. */
  format: 'credsweep-baseline' | 'credsweep-json' | 'gitleaks';
  /** Whether `finding` is already in the baseline. */
  has(finding: Finding): boolean;
}

/** The text of a baseline file for `findings` (no secrets), sorted by id. */
export function formatBaseline(findings: readonly Finding[], toolVersion: string, created: Date): string {
  const entries = [...findings]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((f) => ({ id: f.id, rule: f.rule, file: f.file, line: f.line, commit: f.commit }));
  const body = { version: BASELINE_VERSION, tool: `credsweep ${toolVersion}`, created: created.toISOString(), findings: entries };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function invalid(file: string, what: string): ConfigError {
  return new ConfigError('BASELINE_INVALID', `baseline ${file}: ${what}`, { file });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function idsBaseline(file: string, format: Baseline['format'], ids: Set<string>): Baseline {
  return { file, format, has: (f) => ids.has(f.id) };
}

function readIds(file: string, items: unknown[], where: string): Set<string> {
  const ids = new Set<string>();
  items.forEach((item, i) => {
    const id = isObject(item) ? item.id : undefined;
    if (typeof id !== 'string' || !/^[0-9a-f]{32}$/.test(id)) throw invalid(file, `${where}[${i}] has no 32-hex "id"`);
    ids.add(id);
  });
  return ids;
}

/** Shortest start of a partly redacted secret that is matched on. */
const MIN_PREFIX = 4;

// gitleaks reports carry no credsweep id. With secrets in the report (the default), a finding
// matches on its secret; a redacted report (--redact) leaves only the place: file, line and,
// for history scans, the commit. A partly redacted one (--redact=N) keeps the start of each
// secret followed by "...": a finding matches on that start and its place together. Line numbers
// agree because both tools count lines from 1.
function gitleaksBaseline(file: string, items: unknown[]): Baseline {
  const entries: GitleaksEntry[] = items.map((item, i) => {
    if (!isObject(item) || typeof item.RuleID !== 'string') throw invalid(file, `entry ${i} is not a gitleaks finding (no "RuleID")`);
    const secret = str(item.Secret);
    const partial = secret?.endsWith('...') ? secret.slice(0, -3) : null;
    return {
      secret: secret === null || /^REDACTED$/.test(secret) || partial !== null ? null : secret,
      // A start too short to tell secrets apart says no more than the place does.
      prefix: partial !== null && partial.length >= MIN_PREFIX ? partial : null,
      file: str(item.File),
      line: typeof item.StartLine === 'number' ? item.StartLine : null,
      commit: str(item.Commit),
    };
  });
  const secrets = new Set(entries.flatMap((e) => (e.secret === null ? [] : [e.secret])));
  const places = entries.filter((e) => e.secret === null && e.file !== null);
  const at = (p: GitleaksEntry, o: Finding['occurrences'][number]) =>
    p.file === o.file && (p.line === null || p.line === o.line) && (p.commit === null || p.commit === o.commit);
  return {
    file,
    format: 'gitleaks',
    has(f) {
      if (secrets.has(f.secret)) return true;
      return f.occurrences.some((o) => places.some((p) => (p.prefix === null || f.secret.startsWith(p.prefix)) && at(p, o)));
    },
  };
}

/**
 * Reads a baseline: credsweep's own format, a credsweep `--format json` report, or a gitleaks
 * JSON report, told apart by shape.
 * @throws ConfigError `BASELINE_UNREADABLE` or `BASELINE_INVALID`, naming the file.
 */
export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readBoundedFile(file, BASELINE_FILE_LIMIT);
  } catch (err) {
    throw new ConfigError('BASELINE_UNREADABLE', `baseline ${file} cannot be read: ${(err as Error).message}`, { file });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw invalid(file, `not JSON (${(err as Error).message})`);
  }
  if (isObject(data)) {
    if (data.version !== BASELINE_VERSION || !Array.isArray(data.findings)) {
      throw invalid(file, `expected {"version": ${BASELINE_VERSION}, "findings": [...]} (a credsweep baseline)`);
    }
    return idsBaseline(file, 'credsweep-baseline', readIds(file, data.findings, 'findings'));
  }
  if (!Array.isArray(data)) throw invalid(file, 'expected a credsweep baseline, a credsweep JSON report or a gitleaks JSON report');
  if (data.length === 0) return idsBaseline(file, 'credsweep-json', new Set());
  if (isObject(data[0]) && 'RuleID' in data[0]) return gitleaksBaseline(file, data);
  return idsBaseline(file, 'credsweep-json', readIds(file, data, 'report'));
}

/** Splits findings into those not in the baseline and the count it silenced. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): { kept: Finding[]; baselined: number } {
  const kept = findings.filter((f) => !baseline.has(f));
  return { kept, baselined: findings.length - kept.length };
}
