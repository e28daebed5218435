// credsweep as a user gets it: `npm pack`, then `npm install -g` of the tarball into a fresh
// prefix, then the installed command run from folders that have nothing to do with this checkout.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { CHECKOUT, hookRefusesStagedSecret, installEnv, npm, packCheckout, runInstalled } from '../support/package-install.js';

const TOKEN = 'xoxb-5120693847-2210938475612-qPzR7vKsLm3NwT8yXc2bHd4J';
const work = mkdtempSync(join(tmpdir(), 'credsweep-install-'));
const prefix = join(work, 'prefix');
const installed = join(prefix, 'bin', 'credsweep');
let files: string[] = [];
let repo: GitFixture;

function credsweep(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  return runInstalled(installed, args, cwd, env);
}

beforeAll(async () => {
  const env = installEnv(work);
  const packed = await packCheckout(work, env);
  files = packed.files;
  await npm(['install', '--global', '--prefix', prefix, packed.tarball], work, env);
  repo = await makeRepo();
}, 600_000);

afterAll(async () => {
  await repo?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the build (compiled code, bundle, rule snapshot, build stamp), the rules and the sources it was built from, and no tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/credsweep.js',
        'bin/first-use-build.mjs',
        'dist/cli/main.js',
        'dist/bundle/main.cjs',
        'dist/bundle/worker.js',
        'dist/builtin-rules.json',
        'dist/builtin-rules.examples.json',
        'dist/builtin-rules.docs.json',
        'dist/build-stamp.json',
        'dist/keyword-tables.bin',
        'detectors/aws.yaml',
        'src/cli/main.ts',
        'README.md',
      ]),
    );
    expect(files.filter((f) => f.startsWith('test/') || f.endsWith('.map') || f.endsWith('.stat.json'))).toEqual([]);
  });

  it('installs globally and runs from outside the checkout, with no build on its first run', async () => {
    const version = JSON.parse(readFileSync(join(CHECKOUT, 'package.json'), 'utf8')).version as string;
    const run = await credsweep(['--version'], work);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('finds a committed secret in a repository elsewhere, using its installed rule snapshot', async () => {
    await repo.commit({ 'config/app.env': `SLACK_TOKEN=${TOKEN}\n` }, 'add config');
    const run = await credsweep(['scan', repo.dir, '-f', 'json', '--no-progress'], work);
    expect(run.stderr).toMatch(/^credsweep: 1 findings/);
    expect(run.code).toBe(1);
    const findings = JSON.parse(run.stdout) as { rule: string; file: string }[];
    expect(findings.map((f) => [f.rule, f.file])).toEqual([['slack.bot-token', 'config/app.env']]);
  });

  it('ships a rule snapshot that matches its rule files once installed', async () => {
    const lib = join(prefix, 'lib/node_modules/credsweep/dist/detect');
    const probe = `const s = await import(${JSON.stringify(join(lib, 'rule-snapshot.js'))}); const l = await import(${JSON.stringify(join(lib, 'rule-load.js'))}); console.log(s.readRuleSnapshot(l.BUILTIN_RULES_DIR)?.length ?? 'none')`;
    const count = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', probe], { cwd: work }, (err, out) =>
        err ? reject(err) : resolve(String(out).trim()),
      ),
    );
    expect(Number(count)).toBeGreaterThan(100);
    // Under node_modules the folder's listing vouches for the rule files: no start reads them or
    // records their stats.
    expect(existsSync(join(lib, '..', 'builtin-rules.stat.json'))).toBe(false);
  });

  it('ships keyword tables built for the rules a scan runs', async () => {
    const lib = join(prefix, 'lib/node_modules/credsweep/dist/detect');
    const load = (name: string) => JSON.stringify(join(lib, name));
    const probe = [
      `const s = await import(${load('rule-snapshot.js')}); const p = await import(${load('prefilter.js')});`,
      `const k = await import(${load('keyword-stage.js')}); const t = await import(${load('keyword-tables.js')});`,
      'const rules = s.readRuleSnapshot(s.BUILTIN_RULES_DIR, undefined, { examples: false }).filter((r) => r.filename === undefined);',
      // What a default scan runs (no intel rules), and every rule.
      'const sets = [rules.filter((r) => r.kind === "secret"), rules];',
      'console.log(sets.map((set) => (k.prebuiltFor(p.keywordEntries(set).entries, t.KEYWORD_TABLES_FILE) === null ? "stale" : "used")).join())',
    ].join('\n');
    const said = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', probe], { cwd: work }, (err, out) =>
        err ? reject(err) : resolve(String(out).trim()),
      ),
    );
    expect(said).toBe('used,used');
  });

  it('installs a pre-commit hook in that repository that refuses a staged secret', async () => {
    await repo.commit({ 'config/app.env': null }, 'remove the token');
    expect(await hookRefusesStagedSecret(installed, repo, TOKEN)).toBe(true);
  });
});
