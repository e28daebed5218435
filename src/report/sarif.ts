// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. GitHub requires a location on
// every result, turns `security-severity` plus the `security` tag into Critical/High/Medium/Low,
// and keeps alerts apart across runs by `partialFingerprints`, so the finding id goes there.
import type { Finding, Occurrence, Reporter, Rule, ScanIssue, Severity } from '../types.js';
import { presentFindings } from './redact.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';
/** Where a person reading the SARIF learns what credsweep is (its package page). */
const INFORMATION_URI = 'https://www.npmjs.com/package/credsweep';
const SRCROOT = '%SRCROOT%';
const FINGERPRINT_KEY = 'credsweepFindingId/v1';
/** GitHub keeps only 100 related locations per result; the count is in `properties.occurrences`. */
const MAX_RELATED_LOCATIONS = 100;
/** The artifact uri of a secret read from standard input, which has no path. */
const STDIN_URI = 'stdin';
/** Prefix of the artifact uri of a git blob that no tree names, so has no path. */
const PATHLESS_BLOB_URI = 'git-blob/';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** GitHub's bands: 9.0+ critical, 7.0+ high, 4.0+ medium, above 0 low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: '0.0',
};

/** A repository path as a relative URI reference: forward slashes, each segment percent-encoded. */
export function toArtifactUri(path: string): string {
  const segments = path
    .replaceAll('\\', '/')
    .replace(/^(\.\/)+/, '')
    .split('/');
  // encodeURIComponent also escapes ':' so `C:/x` or `a:b` is never read as a URI scheme.
  return segments.map((s) => encodeURIComponent(s)).join('/');
}

function toPascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0]?.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}

/** The rule's own data as GitHub's alert pane shows it: what it finds, how to shut it off, where to read more. */
function helpFor(name: string, rule: Rule | undefined) {
  const what = rule?.description ?? `${name}.`;
  const revoke = rule?.revoke;
  const refs = rule?.references ?? [];
  const text = [
    what,
    revoke ? `To revoke or rotate it: ${revoke}` : '',
    refs.length > 0 ? `References:\n${refs.map((r) => `- ${r}`).join('\n')}` : '',
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  const markdown = [
    what,
    revoke ? `**To revoke or rotate it:** ${/^https?:\/\//.test(revoke) ? `<${revoke}>` : `\`${revoke.replaceAll('`', "'")}\``}` : '',
    refs.length > 0 ? `**References**\n\n${refs.map((r) => `- <${r}>`).join('\n')}` : '',
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  return { fullDescription: { text: what }, help: { text, markdown } };
}

function describeRule(id: string, rule: Rule | undefined, example: Finding) {
  const name = rule?.name ?? example.ruleName;
  const severity = rule?.severity ?? example.severity;
  const kind = rule?.kind ?? example.kind;
  const helpUri = rule?.references[0];
  return {
    id,
    name: toPascalCase(name) || id,
    shortDescription: { text: name },
    ...helpFor(name, rule),
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: ['security', kind === 'secret' ? 'secret' : 'intel'],
      precision: rule?.confidence ?? example.confidence,
      ...(severity === 'info' ? {} : { 'security-severity': SECURITY_SEVERITY[severity] }),
    },
  };
}

/** GitHub rejects a result without a location, so pathless content gets a stand-in uri that says what it is. */
/** `base` is the uriBaseId of the repository root, set when the provenance names the repository. */
function locateArtifact(o: Pick<Occurrence, 'file' | 'blob'>, source: Finding['source'], base: string | undefined) {
  if (o.file !== null) return { uri: toArtifactUri(o.file), ...(base ? { uriBaseId: base } : {}) };
  if (source === 'stdin') return { uri: STDIN_URI, description: { text: 'standard input' } };
  const uri = PATHLESS_BLOB_URI + encodeURIComponent(o.blob);
  return { uri, ...(base ? { uriBaseId: base } : {}), description: { text: `git blob ${o.blob}, named by no tree` } };
}

function locate(
  o: Pick<Occurrence, 'file' | 'blob' | 'line' | 'column'>,
  source: Finding['source'],
  base: string | undefined,
  snippet?: string,
) {
  return {
    physicalLocation: {
      artifactLocation: locateArtifact(o, source, base),
      // Line 0 is a file found by name: the whole artifact is the location, so no region.
      ...(o.line === 0 ? {} : { region: { startLine: o.line, startColumn: o.column, ...(snippet ? { snippet: { text: snippet } } : {}) } }),
    },
  };
}

function describeCommit(o: Pick<Occurrence, 'commit' | 'author' | 'date' | 'subject'>): string {
  if (o.commit === null) return '';
  const who = o.author ? ` by ${o.author}` : '';
  const when = o.date ? ` on ${o.date}` : '';
  // JSON escaping keeps the repository's text inert; the quotes mark where it starts and ends.
  const what = o.subject ? ` ("${o.subject}")` : '';
  return ` in commit ${o.commit.slice(0, 12)}${what}${who}${when}`;
}

function describeOccurrence(o: Occurrence, index: number, source: Finding['source']): string {
  const what = index === 0 ? 'First seen here' : 'Also here';
  if (source !== 'git') return what;
  if (o.commit === null) return `${what}, in a blob no commit holds`;
  const refs = o.refs.length > 0 ? ` (${o.refs.join(', ')})` : ' (unreachable)';
  return `${what}${describeCommit(o)}${refs}`;
}

/** Whether the secret can still be fetched: what decides if history must be rewritten. */
function describeReach(f: Finding): string {
  if (f.source !== 'git') return '';
  if (!f.reachable) return '; unreachable (no ref holds it)';
  return f.atHead ? '; still at HEAD' : '; removed from HEAD, still in history';
}

function toResult(f: Finding, ruleIndex: number, base: string | undefined) {
  // Every occurrence, the first included, so the alert lists each commit and path it was seen in.
  const related = f.occurrences.slice(0, MAX_RELATED_LOCATIONS);
  const first = f.occurrences[0];
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${f.ruleName}: ${f.secret}${describeCommit({ ...f, subject: first?.subject })}${describeReach(f)}` },
    locations: [locate({ ...f, blob: f.occurrences[0]?.blob ?? '' }, f.source, base, f.snippet)],
    partialFingerprints: { [FINGERPRINT_KEY]: f.id },
    ...(related.length > 0
      ? {
          relatedLocations: related.map((o, i) => ({
            id: i + 1,
            ...locate(o, f.source, base),
            message: { text: describeOccurrence(o, i, f.source) },
          })),
        }
      : {}),
    properties: {
      kind: f.kind,
      confidence: f.confidence,
      commit: f.commit,
      ...(first?.subject !== undefined ? { subject: first.subject } : {}),
      author: f.author,
      email: f.email,
      date: f.date,
      reachable: f.reachable,
      atHead: f.atHead,
      occurrences: f.occurrences.length,
      ...(f.identifier !== undefined ? { identifier: f.identifier } : {}),
    },
  };
}

function toNotification(issue: ScanIssue) {
  const where = issue.object ? ` (object ${issue.object})` : '';
  return {
    level: 'error',
    message: { text: `${issue.message}${where}` },
    descriptor: { id: issue.code },
    ...(issue.path ? { locations: [{ physicalLocation: { artifactLocation: { uri: toArtifactUri(issue.path) } } }] } : {}),
    ...(issue.object ? { properties: { object: issue.object } } : {}),
  };
}

/** One SARIF 2.1.0 log with one run; an incomplete scan is marked `executionSuccessful: false`. */
export const sarif = ((result, options) => {
  const findings = presentFindings(result.findings, options);
  const rulesById = new Map(options.rules.map((r) => [r.id, r]));
  const ruleIndex = new Map<string, number>();
  const descriptors = [];
  for (const f of findings) {
    if (ruleIndex.has(f.rule)) continue;
    ruleIndex.set(f.rule, descriptors.length);
    descriptors.push(describeRule(f.rule, rulesById.get(f.rule), f));
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'credsweep', version: options.toolVersion, informationUri: INFORMATION_URI, rules: descriptors },
        },
        // Paths are relative to the repository's root, which %SRCROOT% names (as CodeQL's SARIF does).
        ...(options.versionControl ? { versionControlProvenance: [{ ...options.versionControl, mappedTo: { uriBaseId: SRCROOT } }] } : {}),
        invocations: [
          {
            executionSuccessful: result.issues.length === 0,
            ...(result.issues.length > 0 ? { toolExecutionNotifications: result.issues.map(toNotification) } : {}),
          },
        ],
        results: findings.map((f) => toResult(f, ruleIndex.get(f.rule) ?? -1, options.versionControl ? SRCROOT : undefined)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}) satisfies Reporter;
