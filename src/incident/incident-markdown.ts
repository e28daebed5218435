// The incident report as Markdown, in the order of the AWS Code Exposure playbook: what leaked and
// whether it was used, who pulled the code, what the code gave away, what to do now, and the
// evidence behind it. Secrets are redacted; key ids are identifiers and shown whole.
import { redactSecret } from '../report/redact.js';
import type { Finding } from '../types.js';
import type { IncidentData, KeyReport } from './gather.js';

/** What the report says about where it came from. */
export interface ReportMeta {
  toolVersion: string;
  generatedAt: string;
  inputs: Array<{ name: string; sha256: string | null }>;
  /** Problems of the scan the findings came from (coverage). */
  scanIssues: string[];
}

const VERDICT_TEXT = {
  'never-used-since-exposure': 'never used since exposure',
  'used-by-known-workload': 'used since exposure, only by its known workload',
  'used-from-somewhere-new': 'USED AFTER EXPOSURE FROM SOMEWHERE NEW',
  unknown: 'unknown',
} as const;

// What each intelligence family tells an attacker, to say why it matters.
const VECTORS: Array<[RegExp, string]> = [
  [/account|arn/, 'account ids and ARNs: targets for role-assumption and resource-policy probing, and for phishing that looks internal'],
  [/bucket|s3/, 'bucket names: probe for public access and misconfigured policies; predictable names to squat'],
  [/host|ip|endpoint|url|rds|elasticache|vpc/, 'internal hosts and endpoints: a map for lateral movement once inside'],
  [/subnet|security-group|sg/, 'network layout: which paths to try once inside'],
  [/terraform|cloudformation|cdk|kubernetes|docker|ci|pipeline|registry|tool/, 'tools and pipelines in use: supply-chain and CI poisoning targets'],
];

const cell = (s: string | null | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(rows: Record<string, number>): string[] {
  const entries = Object.entries(rows).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? ['(none)'] : ['| value | calls |', '|---|---|', ...entries.map(([k, v]) => `| ${cell(k)} | ${v} |`)];
}

function keySection(k: KeyReport): string[] {
  const o = k.owner;
  const who = o.user ? `IAM user ${o.user}` : o.sessionIssuer ? `session of ${o.sessionIssuer.arn}` : 'owner unknown';
  const lines = [`### ${o.accessKeyId}: account ${o.account ?? 'unknown'} (${o.relation}${o.accountSource === 'decoded' ? ', decoded from the id' : ''}), ${who}`, ''];
  // The key's life in time order (dates compared as instants: a commit date has no milliseconds).
  const rows: Array<[string, string]> = [];
  if (o.created) rows.push([o.created, 'key created']);
  const e = k.exposure;
  if (e.time) rows.push([e.time, `committed in ${cell(e.target)}${e.file ? ` \`${cell(e.file)}\`` : ''}${e.commit ? ` (commit ${e.commit.slice(0, 12)}${e.author ? ` by ${cell(e.author)}` : ''})` : ''}`]);
  if (k.pushedAt) rows.push([k.pushedAt, `pushed to ${cell(e.target)}`]);
  if (k.activity) for (const r of k.activity.persistence) rows.push([r.time, `**${r.eventName}** from ${cell(r.sourceIp)} (${cell(r.userAgent)}): persistence`]);
  if (k.deactivatedAt) rows.push([k.deactivatedAt, 'deactivated']);
  if (o.lastUsed) rows.push([o.lastUsed, `last used${o.lastUsedService ? ` (${o.lastUsedService}, ${o.lastUsedRegion ?? '?'})` : ''}`]);
  rows.sort((a, b) => Date.parse(a[0]) - Date.parse(b[0]));
  lines.push('| when | what |', '|---|---|', ...rows.map(([when, what]) => `| ${when} | ${what} |`));
  lines.push('', `Status now: ${o.status ?? (o.kind === 'temporary' ? 'temporary key' : 'unknown')}${o.status === 'Active' ? ' (**still active**)' : ''}.`);
  if (!k.activity) {
    lines.push('', `Activity: ${k.activityNote ?? 'not read'}.`, '');
    return lines;
  }
  const a = k.activity;
  lines.push('', `**Verdict: ${VERDICT_TEXT[a.verdict]}.** ${a.why}.`, '');
  if (a.sinceExposure.length > 0) {
    lines.push('Calls since exposure by API:', '', ...table(a.byApi), '', 'By source IP:', '', ...table(a.bySourceIp), '', 'By user agent:', '', ...table(a.byUserAgent), '', 'By region:', '', ...table(a.byRegion), '');
  }
  return lines;
}

function actions(data: IncidentData, findings: Finding[]): string[] {
  const active = data.keys.filter((k) => k.owner.relation === 'ours' && k.owner.status === 'Active').map((k) => k.owner.accessKeyId);
  const others = findings.filter((f) => f.kind === 'secret' && !f.rule.startsWith('aws.'));
  const refs = [...new Set(findings.filter((f) => f.kind === 'secret').flatMap((f) => f.occurrences.flatMap((o) => o.refs)))].sort();
  const persistence = data.keys.flatMap((k) => k.activity?.persistence ?? []);
  const lines = ['### Containment', ''];
  if (active.length > 0) lines.push(`- Deactivate the exposed AWS keys still active (${active.join(', ')}): \`credsweep revoke findings.json --apply\` (see the plan first without \`--apply\`).`);
  for (const k of data.keys.filter((x) => x.owner.kind === 'temporary' && x.owner.relation === 'ours')) {
    lines.push(`- End the sessions of temporary key ${k.owner.accessKeyId}: \`credsweep revoke findings.json --apply\` denies its ${k.owner.sessionIssuer ? `issuer (${k.owner.sessionIssuer.arn})` : 'role or user'} every session issued before now.`);
  }
  for (const f of others) lines.push(`- Rotate the ${f.ruleName} found in ${cell(f.target)} at its provider; it cannot be revoked from here.`);
  if (persistence.length > 0) lines.push(`- Undo what the attacker created: ${persistence.map((r) => `${r.eventName} at ${r.time}`).join('; ')}.`);
  lines.push('', '### Eradication', '');
  if (refs.length > 0) {
    lines.push(`- The secrets are still reachable from ${refs.join(', ')}. Rewrite those refs (\`git filter-repo --replace-text secrets.txt\`, then force-push and have every clone re-cloned). A rewrite does not help once the code was pulled: every secret in it counts as exposed whatever the history says now.`);
  } else lines.push('- No ref holds a secret any more (they live only in unreachable objects or deleted branches): expire them from the remote (`git gc --prune=now` on a copy you control) and treat them as exposed anyway.');
  lines.push('', '### Recovery', '', '- Give each owner its replacement key (`credsweep revoke findings.json --rotate --secret-sink secretsmanager://incident/ --apply`) and watch CloudTrail for the old keys for 90 days.', '- Add `credsweep hook install` to the repositories concerned, so the next secret stops at the commit.', '');
  return lines;
}

function intel(findings: Finding[]): string[] {
  const values = findings.filter((f) => f.kind === 'intel');
  if (values.length === 0) return ['No environmental intelligence in the findings (scan with `--intel` to look for it).', ''];
  const byRule = new Map<string, Finding[]>();
  for (const f of values) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const lines = ['| what | values | why it matters |', '|---|---|---|'];
  for (const [rule, list] of [...byRule].sort()) {
    const vector = VECTORS.find(([re]) => re.test(rule))?.[1] ?? 'context an attacker can use';
    const shown = [...new Set(list.map((f) => f.secret))].slice(0, 8).map((v) => `\`${cell(v)}\``).join(', ');
    lines.push(`| ${cell(list[0]?.ruleName ?? rule)} | ${shown}${list.length > 8 ? ', …' : ''} | ${vector} |`);
  }
  return [...lines, ''];
}

/** Renders the whole report. */
export function renderIncidentMarkdown(data: IncidentData, findings: Finding[], meta: ReportMeta): string {
  const secrets = findings.filter((f) => f.kind === 'secret');
  const newSource = data.keys.filter((k) => k.activity?.verdict === 'used-from-somewhere-new');
  const lines = [
    '# Incident report: exposed credentials',
    '',
    `Generated ${meta.generatedAt} by credsweep ${meta.toolVersion}.`,
    '',
    '## Summary',
    '',
    `- ${secrets.length} secret(s) exposed, ${data.keys.length} of them AWS keys (${data.keys.filter((k) => k.owner.relation === 'ours').length} in our accounts).`,
    newSource.length > 0
      ? `- **${newSource.length} key(s) used after exposure from somewhere new: ${newSource.map((k) => k.owner.accessKeyId).join(', ')}.** Treat the accounts as compromised.`
      : '- No key shows use after exposure from a new source in what CloudTrail holds.',
    ...(data.problems.length + meta.scanIssues.length > 0 ? ['- **Incomplete**: some sources could not be read (see Evidence); what is missing may matter.'] : []),
    '',
    '## Exposed AWS keys',
    '',
    ...(data.keys.length === 0 ? ['None.', ''] : data.keys.flatMap(keySection)),
    '## Other exposed secrets',
    '',
    ...(secrets.every((f) => f.rule.startsWith('aws.')) ? ['None.'] : ['| rule | severity | secret | where | commit | still on |', '|---|---|---|---|---|---|']),
    ...secrets
      .filter((f) => !f.rule.startsWith('aws.'))
      .map((f) => `| ${cell(f.ruleName)} | ${f.severity} | \`${cell(redactSecret(f.secret, f.rule))}\` | ${cell(f.target)} \`${cell(f.file)}\` | ${f.commit?.slice(0, 12) ?? ''} | ${cell(f.occurrences.flatMap((o) => o.refs).join(', '))} |`),
    '',
    '## Who accessed the code',
    '',
    ...data.pulls.flatMap((p) => [
      `### ${p.target}`,
      '',
      p.note,
      '',
      ...(p.pulls && p.pulls.length > 0 ? ['| time | principal | source IP | user agent |', '|---|---|---|---|', ...p.pulls.map((r) => `| ${r.time} | ${cell(r.principal)} | ${cell(r.sourceIp)} | ${cell(r.userAgent)} |`), ''] : []),
    ]),
    '## What the code gave away',
    '',
    ...intel(findings),
    '## Recommended actions',
    '',
    ...actions(data, findings),
    '## Evidence',
    '',
    `- credsweep ${meta.toolVersion}, report generated ${meta.generatedAt}.`,
    ...meta.inputs.map((i) => `- Input \`${cell(i.name)}\`${i.sha256 ? `, sha256 ${i.sha256}` : ''}.`),
    `- Targets: ${[...new Set(findings.map((f) => f.target))].sort().join(', ') || 'none'}.`,
    `- Commits holding secrets: ${[...new Set(secrets.flatMap((f) => f.occurrences.map((o) => o.commit)).filter(Boolean))].sort().join(', ') || 'none'}.`,
    ...(data.problems.length + meta.scanIssues.length === 0 ? ['- Coverage: everything asked for was read.'] : ['- Coverage: INCOMPLETE.', ...[...meta.scanIssues, ...data.problems].map((p) => `  - ${cell(p)}`)]),
    '',
  ];
  return lines.join('\n');
}
