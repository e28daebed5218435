// The incident report's model, built from gathered facts and findings as `report` gets them: the
// timeline of each key, the summary, the actions it recommends and the evidence. Pure: no AWS,
// no rendering; the Markdown and HTML tests check the layout.
import { describe, expect, it } from 'vitest';
import type { IncidentData } from '../../src/incident/gather.js';
import { analyseKey } from '../../src/incident/key-story.js';
import { type Block, buildReportModel, type ReportMeta, type ReportModel, type TimelineEvent } from '../../src/incident/report-model.js';
import { ACCOUNT, call, finding, KEY_ID, keyReport, OTHER_KEY_ID, owner } from './incident-values.js';

const META: ReportMeta = {
  toolVersion: '9.9.9',
  generatedAt: '2026-02-12T00:00:00.000Z',
  inputs: [{ name: 'findings.json', sha256: 'ab'.repeat(32) }],
  scanIssues: [],
};

const data = (fields: Partial<IncidentData>): IncidentData => ({ keys: [], pulls: [], containment: [], problems: [], ...fields });

function section(model: ReportModel, title: string): Block[] {
  const found = model.sections.find((s) => s.title === title);
  if (!found) throw new Error(`no section "${title}"`);
  return found.blocks;
}

function timelines(model: ReportModel): TimelineEvent[][] {
  return section(model, 'Exposed AWS keys').flatMap((b) => (b.kind === 'timeline' ? [b.events] : []));
}

function items(blocks: Block[], after: string): string[] {
  const at = blocks.findIndex((b) => b.kind === 'heading' && b.text === after);
  const list = blocks[at + 1];
  if (list?.kind !== 'list') throw new Error(`no list after "${after}"`);
  return list.items;
}

// Summary and Evidence are one list each, under the section's title.
const listOf = (model: ReportModel, title: string) => items([{ kind: 'heading', text: title }, ...section(model, title)], title);

describe('the timeline of a key', () => {
  it('tells the life of a key of ours in order: created, committed, pushed, checked, used, deactivated', () => {
    const verify = call('2026-02-02T09:00:00.250Z', 'GetCallerIdentity', '192.0.2.10', 'aws-sdk-js/3.700 credsweep-verify');
    const backdoor = call('2026-02-02T10:00:00.000Z', 'CreateAccessKey', '198.51.100.23', 'python-requests/2.31');
    const k = keyReport({
      exposure: { ...keyReport().exposure, committed: '2026-02-01T11:45:00Z' },
      pushedAt: '2026-02-01T12:00:00.500Z',
      deactivatedAt: '2026-02-11T07:00:00.000Z',
      activity: analyseKey([], [verify, backdoor], '2026-02-10T12:00:00.000Z', '2026-02-01T08:30:00Z', true),
      activityNote: null,
    });
    const [events] = timelines(buildReportModel(data({ keys: [k] }), [finding({})], META));
    expect(events).toEqual([
      { time: '2025-11-03T09:00:00.000Z', label: 'key created', tone: 'info' },
      {
        time: '2026-02-01T08:30:00Z',
        label: 'committed in /srv/leaked-repo `deploy/settings.env` (commit c0ffee15ba5e by Dana Example; committed 2026-02-01T11:45:00Z)',
        tone: 'bad',
      },
      { time: '2026-02-01T12:00:00.500Z', label: 'pushed to /srv/leaked-repo', tone: 'bad' },
      {
        time: '2026-02-02T09:00:00.250Z',
        label: 'GetCallerIdentity signed with the leaked key by credsweep keys --verify (our check, not counted as use)',
        tone: 'info',
      },
      {
        time: '2026-02-02T10:00:00.000Z',
        label: '**CreateAccessKey** from 198.51.100.23 (python-requests/2.31): persistence',
        tone: 'bad',
      },
      { time: '2026-02-10T12:00:00.000Z', label: 'last used (s3, eu-west-1)', tone: 'info' },
      { time: '2026-02-11T07:00:00.000Z', label: 'deactivated', tone: 'good' },
    ]);
  });

  it('orders events as instants, whatever their precision', () => {
    const k = keyReport({
      owner: owner({ created: null, lastUsed: '2026-02-01T08:29:59.999Z', lastUsedService: null }),
      pushedAt: '2026-02-01T08:30:00.001Z',
    });
    const [events] = timelines(buildReportModel(data({ keys: [k] }), [], META));
    expect(events?.map((e) => e.time)).toEqual(['2026-02-01T08:29:59.999Z', '2026-02-01T08:30:00Z', '2026-02-01T08:30:00.001Z']);
    expect(events?.[0]?.label).toBe('last used');
  });

  it('says "committed" once when the committer date is the author date, and nothing of a commit it does not know', () => {
    const same = keyReport({ owner: owner({ created: null, lastUsed: null }) });
    const bare = keyReport({
      owner: owner({ accessKeyId: OTHER_KEY_ID, created: null, lastUsed: null }),
      exposure: { time: '2026-01-05T00:00:00Z', committed: null, target: '/srv/copy', file: null, commit: null, author: null, refs: [] },
    });
    const [first, second] = timelines(buildReportModel(data({ keys: [same, bare] }), [], META));
    expect(first?.map((e) => e.label)).toEqual([
      'committed in /srv/leaked-repo `deploy/settings.env` (commit c0ffee15ba5e by Dana Example)',
    ]);
    expect(second?.map((e) => e.label)).toEqual(['committed in /srv/copy']);
  });

  it('dates a key found only in S3 by the object it was written to, with its version', () => {
    const k = keyReport({
      owner: owner({ created: null, lastUsed: null }),
      exposure: {
        time: '2026-01-15T16:20:00.000Z',
        committed: null,
        target: 's3://build-artifacts/releases/app.env',
        file: 'releases/app.env',
        commit: null,
        author: null,
        refs: [],
        s3Version: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
      },
    });
    const [events] = timelines(buildReportModel(data({ keys: [k] }), [], META));
    expect(events).toEqual([
      {
        time: '2026-01-15T16:20:00.000Z',
        label: 'written to `s3://build-artifacts/releases/app.env` (S3 LastModified, version 3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY)',
        tone: 'bad',
      },
    ]);
  });

  it('has no event for an exposure whose time is unknown', () => {
    const k = keyReport({ owner: owner({ created: null, lastUsed: null }), exposure: { ...keyReport().exposure, time: null } });
    expect(timelines(buildReportModel(data({ keys: [k] }), [], META))).toEqual([[]]);
  });
});

describe('the report model', () => {
  it('puts a key used from somewhere new first in the summary, with its verdict in its section', () => {
    const attacker = call('2026-02-02T10:00:00.000Z', 'ListBuckets', '203.0.113.77', 'curl/8.5');
    const k = keyReport({ activity: analyseKey([], [attacker], null, '2026-02-01T08:30:00Z', true), activityNote: null });
    const model = buildReportModel(data({ keys: [k] }), [finding({})], META);
    expect(model.title).toBe('Incident report: exposed credentials');
    expect(model.subtitle).toBe('Generated 2026-02-12T00:00:00.000Z by credsweep 9.9.9.');
    expect(listOf(model, 'Summary')).toEqual([
      '1 secret(s) exposed, 1 of them AWS keys (1 in our accounts).',
      `**1 key(s) used after exposure from somewhere new: ${KEY_ID}.** Treat the accounts as compromised.`,
    ]);
    const blocks = section(model, 'Exposed AWS keys');
    expect(blocks[0]).toEqual({
      kind: 'heading',
      text: `${KEY_ID}: account ${ACCOUNT} (ours), IAM user deploy-bot`,
    });
    expect(blocks).toContainEqual({ kind: 'paragraph', text: 'Status now: Active (**still active**).' });
    expect(blocks).toContainEqual({
      kind: 'paragraph',
      text: '**Verdict: USED AFTER EXPOSURE FROM SOMEWHERE NEW.** 1 call(s) since exposure, from 203.0.113.77, never seen before it.',
    });
    expect(blocks).toContainEqual({ kind: 'table', head: ['source IP', 'calls'], rows: [['203.0.113.77', '1']] });
  });

  it('says no verdict reassures when CloudTrail could not be read, and that the report is incomplete', () => {
    const k = keyReport({ activity: analyseKey([], [], null, '2026-02-01T08:30:00Z', false), activityNote: null });
    const problems = ['CloudTrail in 123456789012 could not be read: AccessDenied'];
    const model = buildReportModel(data({ keys: [k], problems }), [finding({})], META);
    expect(listOf(model, 'Summary')).toEqual([
      '**CloudTrail could not be read whole: whether the keys were used after exposure is not known** (see Evidence).',
      '1 secret(s) exposed, 1 of them AWS keys (1 in our accounts).',
      '**Incomplete**: some sources could not be read (see Evidence); what is missing may matter.',
    ]);
    expect(listOf(model, 'Evidence')).toContain(`Coverage: INCOMPLETE. ${problems[0]}`);
  });

  it('tells a key with no activity why, and a clean history so', () => {
    const quiet = keyReport({ activity: analyseKey([], [], null, '2026-02-01T08:30:00Z', true), activityNote: null });
    const theirs = keyReport({
      owner: owner({ accessKeyId: OTHER_KEY_ID, account: '210987654321', relation: 'third-party', user: null, status: null }),
      activityNote: "not our account (third-party): its CloudTrail is its owner's",
    });
    const model = buildReportModel(data({ keys: [quiet, theirs] }), [], META);
    expect(listOf(model, 'Summary')).toContain('No key shows use after exposure from a new source in what CloudTrail holds.');
    expect(section(model, 'Exposed AWS keys')).toContainEqual({
      kind: 'paragraph',
      text: "Activity: not our account (third-party): its CloudTrail is its owner's.",
    });
  });

  it('recommends what revoke does not do: tell a third party, name an id leaked alone, rotate other secrets once', () => {
    const ours = keyReport({ owner: owner({ userKeys: 2 }) });
    const theirs = keyReport({ owner: owner({ accessKeyId: OTHER_KEY_ID, account: '210987654321', relation: 'third-party' }) });
    const idOnly = keyReport({ owner: owner({ accessKeyId: 'AKIAT5IDALONE6KEY7C4', user: 'reporting' }) });
    const token = 'ghp_madeUpTokenForTestsOnly0123456789ab';
    const findings = [
      finding({}),
      finding({ identifier: OTHER_KEY_ID }),
      finding({ rule: 'aws.access-key-id', ruleName: 'AWS access key id', secret: 'AKIAT5IDALONE6KEY7C4', identifier: undefined }),
      finding({ rule: 'github.pat', ruleName: 'GitHub token', secret: token, identifier: undefined }),
      finding({ rule: 'github.pat', ruleName: 'GitHub token', secret: `${token.slice(0, -1)}c`, identifier: undefined }),
    ];
    const actions = section(buildReportModel(data({ keys: [ours, theirs, idOnly] }), findings, META), 'Recommended actions');
    const containment = items(actions, 'Containment');
    expect(containment).toEqual([
      `Tell the owner of AWS account 210987654321 that its key ${OTHER_KEY_ID} is exposed with its secret; nothing of ours to change.`,
      'Key id AKIAT5IDALONE6KEY7C4 (IAM user reporting) was exposed without its secret: tell its owner; `credsweep revoke findings.json --key AKIAT5IDALONE6KEY7C4 --apply` deactivates it if wanted.',
      `Deactivate the exposed AWS keys still active (${KEY_ID}): \`credsweep revoke findings.json --apply\` (see the plan first without \`--apply\`).`,
      'Rotate the 2 GitHub token values found in /srv/leaked-repo at the provider; it cannot be revoked from here.',
    ]);
    expect(items(actions, 'Eradication')[0]).toMatch(/^The secrets are still reachable from refs\/heads\/main\. Rewrite those refs/);
    expect(items(actions, 'Recovery')[0]).toContain(
      'IAM user(s) deploy-bot already hold two keys, the most IAM allows: add `--delete` to delete the leaked key and free the slot.',
    );
  });

  it('asks for the deletion of every version of an exposed S3 object, and says when no ref holds a secret', () => {
    const findings = [finding({ target: 's3://build-artifacts' }, { target: 's3://build-artifacts/releases/app.env', refs: [] })];
    const actions = section(buildReportModel(data({}), findings, META), 'Recommended actions');
    expect(items(actions, 'Containment')).toEqual(['Nothing left to contain in what could be read.']);
    const [eradication, s3] = items(actions, 'Eradication');
    expect(eradication).toMatch(/^No ref holds a secret any more/);
    expect(s3).toBe(
      'Delete `s3://build-artifacts/releases/app.env` and every old version of it (the secret stays in each): ' +
        '`aws s3api list-object-versions --bucket build-artifacts --prefix releases/app.env`, then ' +
        '`aws s3api delete-object --bucket build-artifacts --key releases/app.env --version-id VERSION` for each.',
    );
  });

  it('lists other secrets redacted, with where and when they were committed', () => {
    const token = 'ghp_madeUpTokenForTestsOnly0123456789ab';
    const model = buildReportModel(
      data({}),
      [finding({ rule: 'github.pat', ruleName: 'GitHub token', secret: token, identifier: undefined })],
      META,
    );
    const [table] = section(model, 'Other exposed secrets');
    expect(table?.kind).toBe('table');
    const row = table?.kind === 'table' ? table.rows[0] : [];
    expect(row?.[0]).toBe('GitHub token');
    expect(row?.[2]).not.toContain(token);
    expect(row?.slice(3)).toEqual([
      '/srv/leaked-repo `deploy/settings.env`',
      'c0ffee15ba5e by Dana Example on 2026-02-01',
      'refs/heads/main',
    ]);
    expect(section(model, 'Exposed AWS keys')).toEqual([{ kind: 'paragraph', text: 'None.' }]);
  });

  it("quotes the exposing commit's subject in the timeline and in the other secrets' table", () => {
    const subject = 'Add staging settings';
    const k = keyReport({ owner: owner({ created: null, lastUsed: null }), exposure: { ...keyReport().exposure, subject } });
    const token = finding(
      { rule: 'github.pat', ruleName: 'GitHub token', secret: 'ghp_madeUpTokenForTestsOnly0123456789ab', identifier: undefined },
      { subject },
    );
    const model = buildReportModel(data({ keys: [k] }), [token], META);
    expect(timelines(model)[0]?.[0]?.label).toBe(
      'committed in /srv/leaked-repo `deploy/settings.env` (commit c0ffee15ba5e "Add staging settings" by Dana Example)',
    );
    const [table] = section(model, 'Other exposed secrets');
    expect(table?.kind === 'table' ? table.rows[0]?.[4] : '').toBe('c0ffee15ba5e "Add staging settings" by Dana Example on 2026-02-01');
  });

  it('says what the intelligence findings give away, and where the evidence came from', () => {
    const intel = finding({
      rule: 'aws.s3-bucket-name',
      ruleName: 'S3 bucket name',
      kind: 'intel',
      severity: 'info',
      secret: 'acme-prod-backups',
      identifier: undefined,
    });
    const model = buildReportModel(data({}), [intel], {
      ...META,
      scanStartedAt: '2026-02-11T23:00:00Z',
      scanEndedAt: '2026-02-11T23:05:00Z',
    });
    expect(section(model, 'What the code gave away')).toEqual([
      {
        kind: 'table',
        head: ['what', 'values', 'why it matters'],
        rows: [
          [
            'S3 bucket name',
            '`acme-prod-backups`',
            'bucket names: probe for public access and misconfigured policies; predictable names to squat',
          ],
        ],
      },
    ]);
    const evidence = listOf(model, 'Evidence');
    expect(evidence).toContain(`Input \`findings.json\`, sha256 ${'ab'.repeat(32)}.`);
    expect(evidence).toContain('Scan from 2026-02-11T23:00:00Z to 2026-02-11T23:05:00Z.');
    expect(evidence).toContain('Coverage: everything asked for was read.');
  });
});
