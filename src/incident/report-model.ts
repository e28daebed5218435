// The incident report as a format-free model: sections of paragraphs, lists, tables and key
// timelines, in the order of the AWS Code Exposure playbook (what leaked and whether it was used,
// who pulled the code, what the code gave away, what to do now, the evidence). The Markdown and
// HTML renderers only lay it out. Text may hold `code` and **strong** marks. Secrets are redacted;
// key ids are identifiers and shown whole.
import { redactSecret } from '../report/redact.js';
import type { Finding } from '../types.js';
import { cappedList } from './capped-list.js';
import type { IncidentData, KeyReport } from './gather.js';

/** Where the report came from. */
export interface ReportMeta {
  toolVersion: string;
  generatedAt: string;
  inputs: Array<{ name: string; sha256: string | null }>;
  /** Problems of the scan the findings came from (coverage). */
  scanIssues: string[];
  /** When the scan ran, when the report was made from it (`scan --report`). */
  scanStartedAt?: string;
  scanEndedAt?: string;
}

/** One moment of a key's life; `tone` colours it. */
export interface TimelineEvent {
  time: string;
  label: string;
  tone: 'info' | 'bad' | 'good';
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'timeline'; events: TimelineEvent[] };

export interface Section {
  title: string;
  blocks: Block[];
}

export interface ReportModel {
  title: string;
  subtitle: string;
  sections: Section[];
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
  [
    /terraform|cloudformation|cdk|kubernetes|docker|ci|pipeline|registry|tool/,
    'tools and pipelines in use: supply-chain and CI poisoning targets',
  ],
];

function counts(rows: Record<string, number>): string[][] {
  return Object.entries(rows)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => [k, String(v)]);
}

// A commit's subject is the repository's text, like an author's name: the Markdown and HTML
// layouts escape it; here it only gets quotes.
function quotedSubject(subject: string | undefined): string {
  return subject ? ` "${subject}"` : '';
}

function timeline(k: KeyReport): TimelineEvent[] {
  const o = k.owner;
  const e = k.exposure;
  const out: TimelineEvent[] = [];
  if (o.created) out.push({ time: o.created, label: 'key created', tone: 'info' });
  // The row's date is the author date; a commit made later (a rebase, an amend) says when too.
  const committed = e.committed && Date.parse(e.committed) !== Date.parse(e.time ?? '') ? `; committed ${e.committed}` : '';
  if (e.time && e.target.startsWith('s3://') && !e.commit)
    out.push({
      time: e.time,
      label: `written to \`${e.target}\` (S3 LastModified${e.s3Version ? `, version ${e.s3Version}` : ''})`,
      tone: 'bad',
    });
  else if (e.time)
    out.push({
      time: e.time,
      label: `committed in ${e.target}${e.file ? ` \`${e.file}\`` : ''}${e.commit ? ` (commit ${e.commit.slice(0, 12)}${quotedSubject(e.subject)}${e.author ? ` by ${e.author}` : ''}${committed})` : ''}`,
      tone: 'bad',
    });
  if (k.pushedAt) out.push({ time: k.pushedAt, label: `pushed to ${e.target}`, tone: 'bad' });
  for (const r of k.activity?.verification ?? [])
    out.push({
      time: r.time,
      label: `${r.eventName} signed with the leaked key by credsweep keys --verify (our check, not counted as use)`,
      tone: 'info',
    });
  for (const r of k.activity?.persistence ?? [])
    out.push({ time: r.time, label: `**${r.eventName}** from ${r.sourceIp ?? '?'} (${r.userAgent ?? '?'}): persistence`, tone: 'bad' });
  if (k.deactivatedAt) out.push({ time: k.deactivatedAt, label: 'deactivated', tone: 'good' });
  if (o.lastUsed)
    out.push({
      time: o.lastUsed,
      label: `last used${o.lastUsedService ? ` (${o.lastUsedService}, ${o.lastUsedRegion ?? '?'})` : ''}`,
      tone: 'info',
    });
  // Compared as instants: a commit date has no milliseconds, CloudTrail's do.
  return out.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

function keyBlocks(k: KeyReport): Block[] {
  const o = k.owner;
  const who = o.user ? `IAM user ${o.user}` : o.sessionIssuer ? `session of ${o.sessionIssuer.arn}` : 'owner unknown';
  const blocks: Block[] = [
    {
      kind: 'heading',
      text: `${o.accessKeyId}: account ${o.account ?? 'unknown'} (${o.relation}${o.accountSource === 'decoded' ? ', decoded from the id' : ''}), ${who}`,
    },
    { kind: 'timeline', events: timeline(k) },
    {
      kind: 'paragraph',
      text: `Status now: ${o.status ?? (o.kind === 'temporary' ? 'temporary key' : 'unknown')}${o.status === 'Active' ? ' (**still active**)' : ''}.`,
    },
  ];
  if (!k.activity) return [...blocks, { kind: 'paragraph', text: `Activity: ${k.activityNote ?? 'not read'}.` }];
  const a = k.activity;
  blocks.push({ kind: 'paragraph', text: `**Verdict: ${VERDICT_TEXT[a.verdict]}.** ${a.why}.` });
  if (a.sinceExposure.length > 0) {
    blocks.push(
      { kind: 'paragraph', text: 'Calls since exposure by API:' },
      { kind: 'table', head: ['API', 'calls'], rows: counts(a.byApi) },
      { kind: 'paragraph', text: 'By source IP:' },
      { kind: 'table', head: ['source IP', 'calls'], rows: counts(a.bySourceIp) },
      { kind: 'paragraph', text: 'By user agent:' },
      { kind: 'table', head: ['user agent', 'calls'], rows: counts(a.byUserAgent) },
      { kind: 'paragraph', text: 'By region:' },
      { kind: 'table', head: ['region', 'calls'], rows: counts(a.byRegion) },
    );
  }
  return blocks;
}

// Key ids whose secret (or session token) was found beside them: what revoke acts on unnamed.
function leakedWithSecret(findings: Finding[]): Set<string | undefined> {
  return new Set(
    findings
      .filter((f) => (f.rule === 'aws.secret-access-key' || f.rule === 'aws.session-token') && f.identifier && f.pairConfidence !== 'low')
      .map((f) => f.identifier),
  );
}

// Keys the revoke commands do not change: each still needs someone to act.
function otherKeyActions(data: IncidentData, findings: Finding[]): string[] {
  const out: string[] = [];
  const withSecret = leakedWithSecret(findings);
  for (const k of data.keys) {
    const o = k.owner;
    if (o.relation === 'third-party')
      out.push(
        `Tell the owner of AWS account ${o.account ?? 'unknown'} that its key ${o.accessKeyId} is exposed${withSecret.has(o.accessKeyId) ? ' with its secret' : ''}; nothing of ours to change.`,
      );
    else if (o.relation === 'unknown')
      out.push(
        `Find whose key ${o.accessKeyId} is (account ${o.account ?? 'unknown'}): our own accounts could not be learned; rerun with credentials (\`--profile\`, \`aws sso login\`) and \`--role-arn\` for our other accounts.`,
      );
    else if (o.relation === 'ours' && !withSecret.has(o.accessKeyId))
      out.push(
        `Key id ${o.accessKeyId}${o.user ? ` (IAM user ${o.user})` : ''} was exposed without its secret: tell its owner; \`credsweep revoke findings.json --key ${o.accessKeyId} --apply\` deactivates it if wanted.`,
      );
    else if (o.relation === 'ours' && o.kind === 'long-term' && !['Active', 'Inactive', 'Deleted'].includes(o.status ?? ''))
      out.push(
        `Find the status of key ${o.accessKeyId} in account ${o.account}: IAM could not be read (${o.problems.join('; ') || 'no access'}); deactivate it as soon as it can be.`,
      );
  }
  return out;
}

// Whether CloudTrail could not be read for some key of ours: then no verdict reassures.
function trailUnread(data: IncidentData): boolean {
  return (
    data.problems.some((p) => p.startsWith('CloudTrail')) ||
    data.keys.some((k) => k.activity?.verdict === 'unknown' && k.activity.why.startsWith('CloudTrail could not be read'))
  );
}

function actionBlocks(data: IncidentData, findings: Finding[]): Block[] {
  const withSecret = leakedWithSecret(findings);
  const active = data.keys
    .filter((k) => k.owner.relation === 'ours' && k.owner.status === 'Active' && withSecret.has(k.owner.accessKeyId))
    .map((k) => k.owner.accessKeyId);
  // IAM allows two keys per user: a user already holding two gets its replacement only once the leaked key is deleted.
  const full = [
    ...new Set(
      data.keys
        .filter((k) => k.owner.relation === 'ours' && (k.owner.userKeys ?? 0) >= 2 && withSecret.has(k.owner.accessKeyId))
        .map((k) => k.owner.user),
    ),
  ];
  const others = findings.filter((f) => f.kind === 'secret' && !f.rule.startsWith('aws.'));
  const secretOccurrences = findings.filter((f) => f.kind === 'secret').flatMap((f) => f.occurrences);
  const refs = [...new Set(secretOccurrences.flatMap((o) => o.refs))].sort();
  // Findings list 20 refs at most; refCount says how many there were.
  const refTotal = Math.max(0, ...secretOccurrences.map((o) => o.refCount ?? 0));
  const persistence = data.keys.flatMap((k) => k.activity?.persistence ?? []);
  const containment: string[] = [];
  containment.push(...otherKeyActions(data, findings));
  if (active.length > 0)
    containment.push(
      `Deactivate the exposed AWS keys still active (${active.join(', ')}): \`credsweep revoke findings.json --apply\` (see the plan first without \`--apply\`).`,
    );
  for (const k of data.keys.filter((x) => x.owner.kind === 'temporary' && x.owner.relation === 'ours')) {
    containment.push(
      `End the sessions of temporary key ${k.owner.accessKeyId}: \`credsweep revoke findings.json --apply\` denies its ${k.owner.sessionIssuer ? `issuer (${k.owner.sessionIssuer.arn})` : 'role or user'} every session issued before now.`,
    );
  }
  // One line per kind of secret and target: the same token found in many places is rotated once.
  const toRotate = new Map<string, { ruleName: string; target: string; secrets: Set<string> }>();
  for (const f of others) {
    const key = `${f.ruleName}\0${f.target}`;
    const entry = toRotate.get(key) ?? { ruleName: f.ruleName, target: f.target, secrets: new Set<string>() };
    entry.secrets.add(f.secret);
    toRotate.set(key, entry);
  }
  for (const r of toRotate.values()) {
    const what = r.secrets.size === 1 ? `the ${r.ruleName}` : `the ${r.secrets.size} ${r.ruleName} values`;
    containment.push(`Rotate ${what} found in ${r.target} at the provider; it cannot be revoked from here.`);
  }
  if (persistence.length > 0)
    containment.push(`Undo what the attacker created: ${persistence.map((r) => `${r.eventName} at ${r.time}`).join('; ')}.`);
  if (containment.length === 0) containment.push('Nothing left to contain in what could be read.');
  const objects = [
    ...new Set(
      findings
        .filter((f) => f.kind === 'secret')
        .flatMap((f) => f.occurrences.map((o) => o.target ?? f.target))
        .filter((t) => t.startsWith('s3://')),
    ),
  ].sort();
  const s3Steps = objects.map((t) => {
    const [bucket, ...key] = t.slice(5).split('/');
    return `Delete \`${t}\` and every old version of it (the secret stays in each): \`aws s3api list-object-versions --bucket ${bucket} --prefix ${key.join('/')}\`, then \`aws s3api delete-object --bucket ${bucket} --key ${key.join('/')} --version-id VERSION\` for each.`;
  });
  const eradication =
    refs.length > 0
      ? `The secrets are still reachable from ${cappedList(refs, 10, refTotal)}. Rewrite those refs (\`git filter-repo --replace-text secrets.txt\`, then force-push and have every clone re-cloned). A rewrite does not help once the code was pulled: every secret in it counts as exposed whatever the history says now.`
      : 'No ref holds a secret any more (they live only in unreachable objects or deleted branches): expire them from the remote (`git gc --prune=now` on a copy you control) and treat them as exposed anyway.';
  return [
    { kind: 'heading', text: 'Containment' },
    { kind: 'list', items: containment },
    { kind: 'heading', text: 'Eradication' },
    { kind: 'list', items: [eradication, ...s3Steps] },
    { kind: 'heading', text: 'Recovery' },
    {
      kind: 'list',
      items: [
        `Give each owner its replacement key (\`credsweep revoke findings.json --rotate --secret-sink secretsmanager://incident/ --apply\`; one per IAM user, made for keys already deactivated too) and watch CloudTrail for the old keys for 90 days.${full.length > 0 ? ` IAM user(s) ${full.join(', ')} already hold two keys, the most IAM allows: add \`--delete\` to delete the leaked key and free the slot.` : ''}`,
        'Add `credsweep hook install` to the repositories concerned, so the next secret stops at the commit.',
      ],
    },
  ];
}

function intelBlocks(findings: Finding[]): Block[] {
  const values = findings.filter((f) => f.kind === 'intel');
  if (values.length === 0)
    return [{ kind: 'paragraph', text: 'No environmental intelligence in the findings (scan with `--intel` to look for it).' }];
  const byRule = new Map<string, Finding[]>();
  for (const f of values) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const rows = [...byRule].sort().map(([rule, list]) => {
    const shown = [...new Set(list.map((f) => f.secret))]
      .slice(0, 8)
      .map((v) => `\`${v}\``)
      .join(', ');
    return [
      list[0]?.ruleName ?? rule,
      `${shown}${list.length > 8 ? ', …' : ''}`,
      VECTORS.find(([re]) => re.test(rule))?.[1] ?? 'context an attacker can use',
    ];
  });
  return [{ kind: 'table', head: ['what', 'values', 'why it matters'], rows }];
}

/** Builds the report's model. */
export function buildReportModel(data: IncidentData, findings: Finding[], meta: ReportMeta): ReportModel {
  const secrets = findings.filter((f) => f.kind === 'secret');
  const newSource = data.keys.filter((k) => k.activity?.verdict === 'used-from-somewhere-new');
  const problems = [...meta.scanIssues, ...data.problems];
  const otherSecrets = secrets.filter((f) => !f.rule.startsWith('aws.'));
  return {
    title: 'Incident report: exposed credentials',
    subtitle: `Generated ${meta.generatedAt} by credsweep ${meta.toolVersion}.`,
    sections: [
      {
        title: 'Summary',
        blocks: [
          {
            kind: 'list',
            items: [
              ...(trailUnread(data)
                ? ['**CloudTrail could not be read whole: whether the keys were used after exposure is not known** (see Evidence).']
                : []),
              `${secrets.length} secret(s) exposed, ${data.keys.length} of them AWS keys (${data.keys.filter((k) => k.owner.relation === 'ours').length} in our accounts).`,
              newSource.length > 0
                ? `**${newSource.length} key(s) used after exposure from somewhere new: ${newSource.map((k) => k.owner.accessKeyId).join(', ')}.** Treat the accounts as compromised.`
                : trailUnread(data)
                  ? null
                  : 'No key shows use after exposure from a new source in what CloudTrail holds.',
              ...(problems.length > 0
                ? ['**Incomplete**: some sources could not be read (see Evidence); what is missing may matter.']
                : []),
            ].filter((x): x is string => x !== null),
          },
        ],
      },
      { title: 'Exposed AWS keys', blocks: data.keys.length === 0 ? [{ kind: 'paragraph', text: 'None.' }] : data.keys.flatMap(keyBlocks) },
      {
        title: 'Other exposed secrets',
        blocks:
          otherSecrets.length === 0
            ? [{ kind: 'paragraph', text: 'None.' }]
            : [
                {
                  kind: 'table',
                  head: ['rule', 'severity', 'secret', 'where', 'committed', 'still on'],
                  rows: otherSecrets.map((f) => [
                    f.ruleName,
                    f.severity,
                    `\`${redactSecret(f.secret, f.rule)}\``,
                    `${f.target}${f.file ? ` \`${f.file}\`` : ''}`,
                    f.commit
                      ? `${f.commit.slice(0, 12)}${quotedSubject(f.occurrences[0]?.subject)} by ${f.author ?? 'unknown'} on ${f.date?.slice(0, 10) ?? 'unknown date'}`
                      : '',
                    cappedList(
                      f.occurrences.flatMap((o) => o.refs),
                      5,
                      Math.max(0, ...f.occurrences.map((o) => o.refCount ?? 0)),
                    ) || (f.reachable ? '' : 'no ref (unreachable)'),
                  ]),
                },
              ],
      },
      {
        title: 'Who accessed the code',
        blocks: data.pulls.flatMap((p): Block[] => [
          { kind: 'heading', text: p.target },
          { kind: 'paragraph', text: p.note },
          ...(p.pulls && p.pulls.length > 0
            ? [
                {
                  kind: 'table' as const,
                  head: ['time', 'principal', 'source IP', 'user agent'],
                  rows: p.pulls.map((r) => [r.time, r.principal ?? '', r.sourceIp ?? '', r.userAgent ?? '']),
                },
              ]
            : []),
        ]),
      },
      {
        title: 'Containment status',
        blocks:
          data.containment.length === 0
            ? [{ kind: 'paragraph', text: 'Nothing AWS can say about: the code is not in S3 or CodeCommit.' }]
            : data.containment.flatMap((c): Block[] => [
                { kind: 'heading', text: c.target },
                { kind: 'paragraph', text: c.status },
                ...(c.command ? [{ kind: 'paragraph' as const, text: `\`${c.command}\`` }] : []),
              ]),
      },
      { title: 'What the code gave away', blocks: intelBlocks(findings) },
      { title: 'Recommended actions', blocks: actionBlocks(data, findings) },
      {
        title: 'Evidence',
        blocks: [
          {
            kind: 'list',
            items: [
              `credsweep ${meta.toolVersion}, report generated ${meta.generatedAt}.`,
              ...meta.inputs.map((i) => `Input \`${i.name}\`${i.sha256 ? `, sha256 ${i.sha256}` : ''}.`),
              meta.scanStartedAt
                ? `Scan from ${meta.scanStartedAt} to ${meta.scanEndedAt ?? '?'}.`
                : "Scan times: not recorded in a findings file; see the scan's own log.",
              `Rules that found something: ${[...new Set(findings.map((f) => f.rule))].sort().join(', ') || 'none'} (credsweep ${meta.toolVersion}'s catalog unless the scan was given others).`,
              `Targets: ${[...new Set(findings.map((f) => f.target))].sort().join(', ') || 'none'}.`,
              `Commits holding secrets: ${
                cappedList(
                  secrets.flatMap((f) => f.occurrences.flatMap((o) => (o.commit ? [o.commit] : []))),
                  20,
                ) || 'none'
              }.`,
              problems.length === 0 ? 'Coverage: everything asked for was read.' : `Coverage: INCOMPLETE. ${problems.join(' / ')}`,
            ],
          },
        ],
      },
    ],
  };
}
