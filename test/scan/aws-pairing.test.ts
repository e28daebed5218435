// AWS key pairing end to end: real repositories, the real CLI, JSON out. Keys are made up
// (AKIA + 16 base32 characters; 40 random base64 characters).
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const ID_1 = 'AKIAXP6757BWTVX64VRD';
const ID_2 = 'AKIAZSFWAE5HSPEMLCBJ';
const SECRET_1 = '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';
const SECRET_2 = '1b5eG97CEOYcKWr0Eg+7NH4BsaNuNTvuOQzvtyKW';
const HASHLIKE = '1lLyUNJ2zn5BpyzK+ezNpV+p8pFtst4BpMofE8rL';

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function scan(dir: string, ...extra: string[]): Promise<Finding[]> {
  const run = await runCli(['scan', dir, '-f', 'json', '--show-secrets', '--no-progress', ...extra]);
  expect(run.stderr).not.toMatch(/error/i);
  return JSON.parse(run.stdout) as Finding[];
}

const awsOnly = (findings: Finding[]) => findings.filter((f) => f.rule.startsWith('aws.'));

describe('AWS key pairing', () => {
  it('pairs an unlabelled secret with the key id in the same file (an IAM credentials.csv)', async () => {
    repo = await makeRepo();
    const csv = `User name,Password,Access key ID,Secret access key,Console login link\nci-deploy,,${ID_1},${SECRET_1},https://console.aws.amazon.com/\n`;
    await repo.commit({ 'credentials.csv': csv }, 'add creds');
    const findings = awsOnly(await scan(repo.dir));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'aws.secret-access-key',
      secret: SECRET_1,
      identifier: ID_1,
      confidence: 'high',
      severity: 'critical',
      file: 'credentials.csv',
    });
  });

  it('pairs each secret with the nearest id when a file holds two pairs', async () => {
    repo = await makeRepo();
    const text = `[prod]\naws_access_key_id = ${ID_1}\naws_secret_access_key = ${SECRET_1}\n\n[dev]\naws_access_key_id = ${ID_2}\naws_secret_access_key = ${SECRET_2}\n`;
    await repo.commit({ '.aws/credentials': text }, 'creds');
    const bySecret = new Map(awsOnly(await scan(repo.dir)).map((f) => [f.secret, f]));
    expect(bySecret.size).toBe(2);
    expect(bySecret.get(SECRET_1)?.identifier).toBe(ID_1);
    expect(bySecret.get(SECRET_2)?.identifier).toBe(ID_2);
  });

  it('pairs across files of the same commit, with medium confidence for an unlabelled secret', async () => {
    repo = await makeRepo();
    await repo.commit({ 'deploy/config.yaml': `access_key: ${ID_1}\n`, 'deploy/args.txt': `--secret ${SECRET_1}\n` }, 'deploy');
    const findings = awsOnly(await scan(repo.dir));
    // The id's own file stays reported: the pair is in another file.
    expect(findings.map((f) => [f.rule, f.secret, f.identifier, f.confidence, f.pairConfidence, f.file])).toEqual([
      ['aws.secret-access-key', SECRET_1, ID_1, 'medium', 'medium', 'deploy/args.txt'],
      ['aws.access-key-id', ID_1, undefined, 'high', undefined, 'deploy/config.yaml'],
    ]);
  });

  it('pairs across history with low confidence, taking one candidate per id, nearest in time', async () => {
    repo = await makeRepo();
    await repo.commit({ 'a.txt': `id ${ID_1}\n` }, 'id', { date: '2024-01-01T00:00:00Z' });
    await repo.commit({ 'b.txt': `value ${SECRET_1}\n` }, 'near', { date: '2024-01-02T00:00:00Z' });
    await repo.commit({ 'c.txt': `value ${HASHLIKE}\n` }, 'far', { date: '2024-06-01T00:00:00Z' });
    const findings = awsOnly(await scan(repo.dir));
    expect(findings.map((f) => [f.rule, f.secret, f.identifier, f.confidence, f.pairConfidence])).toEqual([
      ['aws.secret-access-key', SECRET_1, ID_1, 'low', 'low'],
      ['aws.access-key-id', ID_1, undefined, 'high', undefined],
    ]);
  });

  it('drops unlabelled candidates when the target has no key id', async () => {
    repo = await makeRepo();
    await repo.commit({ 'hashes.txt': `${SECRET_1}\n${HASHLIKE}\n` }, 'hashes');
    expect(awsOnly(await scan(repo.dir))).toEqual([]);
  });

  it('reports a lone key id as an exposed identifier and a labelled secret without an id alone', async () => {
    repo = await makeRepo();
    await repo.commit({ 'id.env': `AWS_ACCESS_KEY_ID=${ID_1}\n` }, 'id only');
    const idOnly = awsOnly(await scan(repo.dir));
    expect(idOnly.map((f) => [f.rule, f.secret, f.severity, f.identifier])).toEqual([['aws.access-key-id', ID_1, 'medium', undefined]]);
    await repo.cleanup();
    repo = await makeRepo();
    await repo.commit({ 'secret.env': `AWS_SECRET_ACCESS_KEY=${SECRET_2}\n` }, 'secret only');
    const secretOnly = awsOnly(await scan(repo.dir));
    expect(secretOnly.map((f) => [f.rule, f.secret, f.confidence, f.identifier])).toEqual([
      ['aws.secret-access-key', SECRET_2, 'high', undefined],
    ]);
  });

  it('pairs in a plain directory scan too, and keeps the fingerprint of the labelled rule', async () => {
    repo = await makeRepo();
    await repo.commit({ 'labelled.env': `AWS_ACCESS_KEY_ID=${ID_1}\nAWS_SECRET_ACCESS_KEY=${SECRET_1}\n` }, 'a');
    const history = awsOnly(await scan(repo.dir));
    const files = awsOnly(await scan(repo.dir, '--no-history'));
    expect(files.map((f) => [f.rule, f.identifier])).toEqual([['aws.secret-access-key', ID_1]]);
    expect(files[0]?.id).toBe(history[0]?.id);
  });
});

describe('AWS pairing and other rules', () => {
  it('leaves a 40-character value another rule claims to that rule, even beside a key id', async () => {
    repo = await makeRepo();
    const text = `provider "aws" {\n  access_key = "${ID_1}"\n}\nprovider "other" {\n  api_token = "${SECRET_2}"\n}\n`;
    await repo.commit({ 'main.tf': text }, 'tf');
    const findings = await scan(repo.dir);
    expect(findings.filter((f) => f.rule === 'aws.secret-access-key')).toEqual([]);
    expect(findings.find((f) => f.secret === SECRET_2)?.rule).toBe('generic.token');
  });

  it('reports a paired unlabelled secret once, not also as a high-entropy value', async () => {
    repo = await makeRepo();
    await repo.commit({ 'deploy.yaml': `key_id: ${ID_1}\nsigning_key: ${SECRET_1}\n` }, 'a');
    const findings = await scan(repo.dir);
    expect(findings.filter((f) => f.secret === SECRET_1).map((f) => [f.rule, f.identifier])).toEqual([['aws.secret-access-key', ID_1]]);
  });

  it('keeps the high-entropy finding of an unpaired 40-character value', async () => {
    repo = await makeRepo();
    await repo.commit({ 'deploy.yaml': `signing_key: ${SECRET_1}\n` }, 'a');
    const findings = await scan(repo.dir);
    expect(findings.filter((f) => f.secret === SECRET_1).map((f) => f.rule)).toEqual(['entropy.high-entropy-assignment']);
  });
});

// The shapes credentials are written in, each with the id and secret of one key side by side.
const ID_3 = 'AKIAQ3RTW7MZP5LX2NV6';
const SECRET_3 = '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';
const ASIA_ID = 'ASIAW5QX3RTM7LP2ZN4K';
const TOKEN = `IQoJb3JpZ2luX2VjEHoaCXVzLWVhc3QtMSJHMEUCIQD${'Zq7Lm3Xv9Kp2Wt5Rn8Hb4Yc6Fd1Gs0Ja'.repeat(4)}+Ue/Xi7O`;

describe('AWS pairing: nothing dropped, confidence by evidence', () => {
  it('keeps every key id when a lone secret sits in a third file, and pairs it only as a candidate', async () => {
    repo = await makeRepo();
    await repo.commit({ 'a/token.properties': `AWSToken=${ID_1}\n` }, 'a', { date: '2024-01-01T00:00:00Z' });
    await repo.commit({ 'b/other.txt': `key ${ID_2}\n` }, 'b', { date: '2024-02-01T00:00:00Z' });
    await repo.commit({ 'deploy/values.yaml': `aws_secret_access_key: ${SECRET_1}\n` }, 'c', { date: '2024-03-01T00:00:00Z' });
    for (const extra of [[], ['--no-history']]) {
      const findings = awsOnly(await scan(repo.dir, ...extra));
      const ids = findings.filter((f) => f.rule === 'aws.access-key-id').map((f) => [f.secret, f.file]);
      expect(ids.sort()).toEqual([
        [ID_1, 'a/token.properties'],
        [ID_2, 'b/other.txt'],
      ]);
      const secret = findings.find((f) => f.secret === SECRET_1);
      expect(secret).toMatchObject({ rule: 'aws.secret-access-key', confidence: 'high', pairConfidence: 'low' });
    }
  });

  it('gives the line of the key id on the pair, and keeps the places where the id is alone', async () => {
    repo = await makeRepo();
    await repo.commit(
      { 'app/.env': `AWS_ACCESS_KEY_ID=${ID_1}\nAWS_SECRET_ACCESS_KEY=${SECRET_1}\n`, 'logs/run.log': `using ${ID_1}\n` },
      'a',
    );
    const findings = awsOnly(await scan(repo.dir));
    const pair = findings.find((f) => f.secret === SECRET_1);
    expect(pair).toMatchObject({ identifier: ID_1, pairConfidence: 'high', confidence: 'high' });
    expect(pair?.occurrences.map((o) => [o.file, o.line, o.identifierLine])).toEqual([['app/.env', 2, 1]]);
    expect(findings.find((f) => f.rule === 'aws.access-key-id')?.occurrences.map((o) => o.file)).toEqual(['logs/run.log']);
  });

  it('pairs within one credentials profile, never with the next profile', async () => {
    repo = await makeRepo();
    const text = `[default]\naws_secret_access_key = ${SECRET_1}\n\n[dev]\naws_access_key_id = ${ID_2}\naws_secret_access_key = ${SECRET_2}\n`;
    await repo.commit({ '.aws/credentials': text }, 'creds');
    const bySecret = new Map(awsOnly(await scan(repo.dir)).map((f) => [f.secret, f]));
    expect(bySecret.get(SECRET_2)).toMatchObject({ identifier: ID_2, pairConfidence: 'high' });
    expect(bySecret.get(SECRET_1)?.identifier).toBeUndefined();
  });

  it('pairs each key of a file at high confidence only inside its own block', async () => {
    repo = await makeRepo();
    const text = `provider "aws" {\n  access_key = "${ID_1}"\n}\n\nresource "x" "y" {\n  secret_key = "${SECRET_2}"\n}\n`;
    await repo.commit({ 'main.tf': text }, 'tf');
    const secret = awsOnly(await scan(repo.dir)).find((f) => f.secret === SECRET_2);
    expect(secret).toMatchObject({ identifier: ID_1, pairConfidence: 'medium' });
  });
});

describe('AWS pairing: structured credentials', () => {
  const cases: Array<[string, string, string]> = [
    [
      'Terraform state (aws_iam_access_key)',
      'infra/terraform.tfstate',
      JSON.stringify(
        {
          resources: [
            {
              type: 'aws_iam_access_key',
              instances: [
                {
                  attributes: {
                    create_date: '2024-01-01T00:00:00Z',
                    id: ID_3,
                    pgp_key: null,
                    secret: SECRET_3,
                    status: 'Active',
                    user: 'ci',
                  },
                },
              ],
            },
          ],
        },
        null,
        2,
      ),
    ],
    [
      'escaped JSON in a string',
      'app/settings.json',
      `{"config": "{\\"awsAccessKeyId\\":\\"${ID_3}\\",\\"awsSecretKey\\":\\"${SECRET_3}\\"}"}\n`,
    ],
    [
      'Jenkins credentials XML',
      'jenkins/credentials.xml',
      `<list>\n  <com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl>\n    <id>deploy</id>\n    <accessKey>${ID_3}</accessKey>\n    <secretKey>{${SECRET_3}}</secretKey>\n  </com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl>\n</list>\n`,
    ],
    ['an env file', 'deploy/prod.env', `AWS_REGION=eu-west-1\nAWS_ACCESS_KEY_ID=${ID_3}\nAWS_SECRET_ACCESS_KEY=${SECRET_3}\n`],
    [
      'CloudFormation outputs',
      'stack-outputs.json',
      JSON.stringify(
        {
          Stacks: [
            {
              Outputs: [
                { OutputKey: 'AccessKeyId', OutputValue: ID_3 },
                { OutputKey: 'SecretAccessKey', OutputValue: SECRET_3 },
              ],
            },
          ],
        },
        null,
        2,
      ),
    ],
    [
      'a boto3 constructor call',
      'tools/sync.py',
      `s3 = boto3.client("s3", aws_access_key_id="${ID_3}", aws_secret_access_key="${SECRET_3}")\n`,
    ],
    ['a Java SDK constructor call', 'src/Main.java', `AWSCredentials c = new BasicAWSCredentials("${ID_3}", "${SECRET_3}");\n`],
  ];
  for (const [name, file, text] of cases) {
    it(`pairs ${name} at high confidence, as one AWS secret finding`, async () => {
      repo = await makeRepo();
      await repo.commit({ [file]: text }, 'add');
      const findings = await scan(repo.dir);
      const aws = findings.filter((f) => f.secret === SECRET_3 || f.secret === ID_3);
      expect(aws.map((f) => [f.rule, f.identifier, f.pairConfidence, f.file])).toEqual([['aws.secret-access-key', ID_3, 'high', file]]);
    });
  }

  it('attaches a session token to its temporary key id and secret as one credential, redacted by default', async () => {
    repo = await makeRepo();
    await repo.commit(
      { 'ci/session.env': `AWS_ACCESS_KEY_ID=${ASIA_ID}\nAWS_SECRET_ACCESS_KEY=${SECRET_3}\nAWS_SESSION_TOKEN=${TOKEN}\n` },
      'a',
    );
    const findings = awsOnly(await scan(repo.dir));
    expect(findings.map((f) => [f.rule, f.identifier, f.sessionToken])).toEqual([['aws.secret-access-key', ASIA_ID, TOKEN]]);
    const run = await runCli(['scan', repo.dir, '-f', 'json', '--no-progress']);
    expect(run.stdout).not.toContain(TOKEN.slice(10, 40));
    expect((JSON.parse(run.stdout) as Finding[]).find((f) => f.identifier === ASIA_ID)?.sessionToken).toMatch(/…/);
  });
});
