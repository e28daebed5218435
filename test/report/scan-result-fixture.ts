// A hand-built scan result covering what reporters must handle: a git secret found in many
// places, an AWS key id (shown whole) on the same line as its secret key, an unreachable blob
// whose commit author is a CSV formula, a stdin finding with no path and a terminal escape in
// its snippet, an fs finding in a path with a space, an intel finding, and one read failure.
// All secrets are made up.
import type { Finding, Occurrence, ReportOptions, Rule, ScanResult } from '../../src/types.js';

export const AWS_KEY_ID = 'AKIAQYLPMN5HHHFPZAM2';
export const AWS_SECRET_KEY = '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';
export const GITHUB_TOKEN = 'ghp_R4nd0mL00k1ngT0k3nF0rT3st1ngOnly0123';
export const DB_PASSWORD = 'Tr0ub4dor&3-horse-staple';
export const SHORT_PASSWORD = 'hunter2';
export const ACCOUNT_ID = '730164259381';
export const CSV_FORMULA_AUTHOR = '=HYPERLINK("https://evil.example/?x","open me")';

/** Every secret that must never appear whole in a redacted report (AWS key ids may). */
export const HIDDEN_SECRETS = [AWS_SECRET_KEY, GITHUB_TOKEN, DB_PASSWORD, SHORT_PASSWORD];

/** Intelligence values: not secrets, shown whole. */
export const INTEL_VALUES = [ACCOUNT_ID];

function makeRule(rule: Pick<Rule, 'id' | 'name' | 'kind' | 'severity'> & Partial<Rule>): Rule {
  return {
    confidence: 'high',
    keywords: [],
    pattern: '.',
    secretGroup: 0,
    allow: [],
    references: [],
    examples: [],
    negativeExamples: [],
    file: 'detectors/test.yaml',
    ...rule,
  };
}

export const RULES: Rule[] = [
  makeRule({
    id: 'aws.access-key-id',
    name: 'AWS access key ID',
    kind: 'secret',
    severity: 'high',
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html'],
  }),
  makeRule({
    id: 'aws.secret-access-key',
    name: 'AWS secret access key',
    kind: 'secret',
    severity: 'critical',
    description: 'A 40-character AWS secret access key next to an access key id or its variable name.',
    revoke: 'aws iam update-access-key --status Inactive --access-key-id AKIA... --user-name NAME',
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html'],
  }),
  makeRule({ id: 'generic.password', name: 'Password assignment', kind: 'secret', severity: 'medium', confidence: 'medium' }),
  makeRule({ id: 'github.pat-classic', name: 'GitHub personal access token', kind: 'secret', severity: 'high' }),
  makeRule({ id: 'aws.account-id', name: 'AWS account ID', kind: 'intel', severity: 'info' }),
];

const MAIN = 'refs/heads/main';
const ALICE = { author: 'Alice Example', email: 'alice@example.com' };

function at(
  file: string | null,
  line: number,
  column: number,
  commit: string | null,
  date: string | null,
  refs: string[],
  blob: string,
  who = ALICE,
): Occurrence {
  return { file, line, column, commit, author: commit ? who.author : null, email: commit ? who.email : null, date, refs, blob };
}

function finding(base: Omit<Finding, 'file' | 'line' | 'column' | 'commit' | 'author' | 'email' | 'date'>): Finding {
  const first = base.occurrences[0];
  if (!first) throw new Error('a finding needs an occurrence');
  const { file, line, column, commit, author, email, date } = first;
  return { ...base, file, line, column, commit, author, email, date };
}

const BLOB_PROD_ENV = 'b1a0c0ffee0000000000000000000000000000b1';
const envLine = `AWS_ACCESS_KEY_ID=${AWS_KEY_ID} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_KEY}`;

const secretKeyPlaces = [
  {
    ...at('config/prod.env', 12, 56, '9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345', '2024-03-01T10:00:00Z', [MAIN], BLOB_PROD_ENV),
    subject: 'Add production config',
  },
  at('config/prod.env', 12, 56, '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678', '2024-03-05T09:30:00Z', [MAIN], 'b2'.padEnd(40, '0')),
  at('config/staging.env', 3, 56, '2b3c4d5e6f708192a3b4c5d6e7f8091234567890', '2024-03-07T16:45:00Z', [MAIN], 'b3'.padEnd(40, '0')),
  at(
    'scripts/deploy.sh',
    40,
    27,
    '3c4d5e6f708192a3b4c5d6e7f809123456789012',
    '2024-03-09T08:00:00Z',
    [MAIN, 'refs/heads/release'],
    'b4'.padEnd(40, '0'),
  ),
  at(
    'docs/setup notes.md',
    88,
    5,
    '4d5e6f708192a3b4c5d6e7f80912345678901234',
    '2024-04-02T12:00:00Z',
    ['refs/tags/v1.0'],
    'b5'.padEnd(40, '0'),
  ),
  at('old/prod.env', 12, 56, '5e6f708192a3b4c5d6e7f8091234567890123456', '2024-04-10T11:11:11Z', [MAIN], 'b6'.padEnd(40, '0')),
  at('old/prod.env.bak', 12, 56, '6f708192a3b4c5d6e7f809123456789012345678', '2024-04-11T11:11:11Z', [MAIN], 'b7'.padEnd(40, '0')),
];

export const FINDINGS: Finding[] = [
  finding({
    id: '5d1e0c7a9b8f4e2d6c3b1a0f9e8d7c6b',
    rule: 'aws.secret-access-key',
    ruleName: 'AWS secret access key',
    kind: 'secret',
    severity: 'critical',
    confidence: 'high',
    secret: AWS_SECRET_KEY,
    target: './leaked-clone',
    source: 'git',
    occurrences: secretKeyPlaces,
    reachable: true,
    atHead: false,
    snippet: envLine,
  }),
  finding({
    id: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    rule: 'aws.access-key-id',
    ruleName: 'AWS access key ID',
    kind: 'secret',
    severity: 'high',
    confidence: 'high',
    secret: AWS_KEY_ID,
    target: './leaked-clone',
    source: 'git',
    occurrences: [at('config/prod.env', 12, 19, '9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345', '2024-03-01T10:00:00Z', [MAIN], BLOB_PROD_ENV)],
    reachable: true,
    atHead: true,
    snippet: envLine,
    aws: {
      accessKeyId: AWS_KEY_ID,
      account: '502938417760',
      user: 'ci-deploy',
      status: 'Active',
      created: '2023-11-20T08:00:00Z',
      lastUsed: '2024-05-01T00:00:00Z',
      verified: 'unknown',
    },
  }),
  finding({
    id: 'e7d6c5b4a39281706f5e4d3c2b1a0f9e',
    rule: 'generic.password',
    ruleName: 'Password assignment',
    kind: 'secret',
    severity: 'medium',
    confidence: 'medium',
    secret: DB_PASSWORD,
    target: './leaked-clone',
    source: 'git',
    occurrences: [
      at('db/settings.py', 7, 15, 'dead0000beef0000cafe0000f00d0000babe0000', '2024-02-14T23:59:00Z', [], 'c1'.padEnd(40, '0'), {
        author: CSV_FORMULA_AUTHOR,
        email: '@attacker.example',
      }),
      at(null, 1, 15, null, null, [], 'c2'.padEnd(40, '0')),
    ],
    reachable: false,
    atHead: false,
    snippet: `PASSWORD = "${DB_PASSWORD}"`,
  }),
  finding({
    id: '9a8b7c6d5e4f30211203f4e5d6c7b8a9',
    rule: 'github.pat-classic',
    ruleName: 'GitHub personal access token',
    kind: 'secret',
    severity: 'high',
    confidence: 'high',
    secret: GITHUB_TOKEN,
    target: '-',
    source: 'stdin',
    occurrences: [at(null, 3, 16, null, null, [], 'd1'.padEnd(40, '0'))],
    reachable: true,
    atHead: true,
    snippet: `echo "\u001b[2Jtoken=${GITHUB_TOKEN}"`,
  }),
  finding({
    id: '1f2e3d4c5b6a79880716253443526170',
    rule: 'generic.password',
    ruleName: 'Password assignment',
    kind: 'secret',
    severity: 'medium',
    confidence: 'low',
    secret: SHORT_PASSWORD,
    target: './deploy',
    source: 'fs',
    occurrences: [at('my settings/.env', 2, 10, null, null, [], 'e1'.padEnd(40, '0'))],
    reachable: true,
    atHead: true,
    snippet: `PASSWORD=${SHORT_PASSWORD}`,
  }),
  finding({
    id: '2a3b4c5d6e7f80910a1b2c3d4e5f6071',
    rule: 'aws.account-id',
    ruleName: 'AWS account ID',
    kind: 'intel',
    severity: 'info',
    confidence: 'medium',
    secret: ACCOUNT_ID,
    target: './deploy',
    source: 'fs',
    occurrences: [at('infra/main.tf', 4, 23, null, null, [], 'e2'.padEnd(40, '0'))],
    reachable: true,
    atHead: true,
    snippet: `  role_arn = "arn:aws:iam::${ACCOUNT_ID}:role/deploy"`,
  }),
];

export const SCAN_RESULT: ScanResult = {
  findings: FINDINGS,
  stats: {
    objects: 48_213,
    blobs: 20_117,
    bytes: 734_003_200,
    skippedTooLarge: 3,
    skippedBinary: 1_204,
    suppressed: 2,
    elapsedMs: 12_345,
  },
  issues: [
    {
      code: 'GIT_CORRUPT_OBJECT',
      message: 'zlib inflate failed: invalid stored block lengths',
      object: 'ffee0011223344556677889900aabbccddeeff00',
      path: '.git/objects/pack/pack-3f2e.pack',
    },
  ],
  targets: ['./leaked-clone', '-', './deploy'],
};

/** A scan that found nothing and read everything. */
export const CLEAN_RESULT: ScanResult = {
  findings: [],
  stats: { objects: 310, blobs: 120, bytes: 88_064, skippedTooLarge: 0, skippedBinary: 4, suppressed: 0, elapsedMs: 640 },
  issues: [],
  targets: ['./service'],
};

/** Report options as the CLI passes them, colour off so golden files are plain text. */
export const OPTIONS: ReportOptions = { showSecrets: false, color: false, toolVersion: '0.1.0', rules: RULES };
