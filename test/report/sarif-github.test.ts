// SARIF checked by Microsoft's SARIF multitool with GitHub's rule set (the GHxxxx rules code
// scanning applies on upload) as well as the SARIF rules, on the reporter's output for the
// fixture scan and on a real scan of a repository by the CLI, as GitHub Actions would run it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sarif } from '../../src/report/sarif.js';
import { fixtureEnv, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';
import { OPTIONS, SCAN_RESULT } from './scan-result-fixture.js';

const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
const work = mkdtempSync(join(tmpdir(), 'credsweep-sarif-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The multitool's errors and warnings about `log`, one a line (notes are style advice and URL reachability). */
function validate(name: string, log: string): Promise<string[]> {
  const file = join(work, `${name}.sarif`);
  writeFileSync(file, log);
  const args = [
    'validate',
    file,
    '--rule-kind',
    'Gh;Sarif',
    '--level',
    'Error;Warning',
    '-o',
    join(work, `${name}.validation.sarif`),
    '--log',
    'ForceOverwrite',
  ];
  return new Promise((resolve, reject) => {
    // The tool is .NET: without a writable HOME and no telemetry it stalls or fails on first run.
    const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' };
    execFile(multitool, args, { env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const problems = `${stdout}${stderr}`.split('\n').filter((l) => /: (error|warning|note) [A-Z]+\d+/.test(l));
      if (err && problems.length === 0) reject(new Error(`sarif-multitool failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(problems);
    });
  });
}

describe('SARIF under GitHub code scanning rules', () => {
  it('passes for the fixture scan, with help, full descriptions and provenance', async () => {
    const options = {
      ...OPTIONS,
      versionControl: { repositoryUri: 'https://github.com/example/app', revisionId: 'a'.repeat(40), branch: 'main' },
    };
    // Provenance names a repository, so standard input has no place in such a scan.
    const fromRepository = { ...SCAN_RESULT, findings: SCAN_RESULT.findings.filter((f) => f.source !== 'stdin') };
    const log = sarif(fromRepository, options);
    expect(await validate('fixture', log)).toEqual([]);
    const run = JSON.parse(log).runs[0];
    expect(run.versionControlProvenance).toEqual([{ ...options.versionControl, mappedTo: { uriBaseId: '%SRCROOT%' } }]);
    const secretKey = run.tool.driver.rules.find((r: { id: string }) => r.id === 'aws.secret-access-key');
    expect(secretKey.fullDescription.text).toMatch(/^A 40-character AWS secret access key/);
    expect(secretKey.help.text).toContain('To revoke or rotate it: aws iam update-access-key');
    expect(secretKey.help.markdown).toContain('<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html>');
  });

  it('detects the multitool would complain (a descriptor without help fails)', async () => {
    const log = JSON.parse(sarif(SCAN_RESULT, OPTIONS));
    delete log.runs[0].tool.driver.rules[0].help;
    expect((await validate('broken', JSON.stringify(log))).join('\n')).toMatch(/GH2012/);
  });

  it('passes for a real scan in GitHub Actions, every occurrence a related location', async () => {
    const repo = await makeRepo();
    try {
      const token = 'xoxb-8302716495-5543261708945-kUs7Ny4QeXdZ9pLv3RtWb6Mg';
      await repo.commit({ 'app.env': `SLACK_TOKEN=${token}\n` }, 'add');
      await repo.commit(
        {
          'copy.env': `SLACK_TOKEN=${token}\n`,
          'key.pem': `-----BEGIN RSA PRIVATE KEY-----\n${'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwIDAQABAoIBAQCxg'.slice(0, 200)}\n-----END RSA PRIVATE KEY-----\n`,
        },
        'copy',
      );
      const env = {
        ...fixtureEnv(repo.root),
        GITHUB_ACTIONS: 'true',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'example/app',
        GITHUB_SHA: 'b'.repeat(40),
        GITHUB_REF_NAME: 'main',
      };
      const run = await runCli(['scan', '.', '-f', 'sarif', '--no-progress', '-q'], { cwd: repo.dir, env });
      expect(run.code).toBe(1);
      expect(await validate('cli', run.stdout)).toEqual([]);
      const log = JSON.parse(run.stdout).runs[0];
      expect(log.versionControlProvenance).toEqual([
        {
          repositoryUri: 'https://github.com/example/app',
          revisionId: 'b'.repeat(40),
          branch: 'main',
          mappedTo: { uriBaseId: '%SRCROOT%' },
        },
      ]);
      const slack = log.results.find((r: { ruleId: string }) => r.ruleId === 'slack.bot-token');
      expect(
        slack.relatedLocations
          .map((l: { physicalLocation: { artifactLocation: { uri: string } } }) => l.physicalLocation.artifactLocation.uri)
          .sort(),
      ).toEqual(['app.env', 'copy.env']);
    } finally {
      await repo.cleanup();
    }
  });
});
