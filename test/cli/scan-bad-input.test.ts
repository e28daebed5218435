// Damaged repositories: each damaged object is reported by id, everything else is still scanned,
// and the run ends with exit 3 (incomplete), never a crash and never a silent "clean".
import {
  cpSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { git, gitEnv } from '../support/shell-git.js';

const GH_TOKEN = ['ghp', '_', 'R8vK2mQx7TzL4pWn9sBc1HdJ6yFa3uGe0Io5'].join('');
let root: string;
let source: string;

function lorem(seed: number, lines: number): string {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'theta', 'kappa'];
  let out = '';
  for (let i = 0; i < lines; i++) out += `${words[(i * seed) % 8]} ${words[(i + seed) % 8]} line ${i} of ${seed}\n`;
  return out;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cs-bad-'));
  source = join(root, 'source');
  await git(root, ['init', '-q', source]);
  writeFileSync(join(source, 'secret.env'), `GITHUB_TOKEN=${GH_TOKEN}\n`);
  for (let i = 0; i < 5; i++) writeFileSync(join(source, `doc${i}.txt`), lorem(i + 3, 400));
  await git(source, ['add', '-A']);
  await git(source, ['commit', '-q', '-m', 'one'], gitEnv(root, '2024-01-01T00:00:00Z'));
  writeFileSync(join(source, 'doc0.txt'), lorem(11, 410));
  await git(source, ['add', '-A']);
  await git(source, ['commit', '-q', '-m', 'two'], gitEnv(root, '2024-01-02T00:00:00Z'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function copyRepo(name: string, pack: boolean): Promise<string> {
  const dir = join(root, name);
  cpSync(source, dir, { recursive: true });
  if (pack) await git(dir, ['repack', '-q', '-a', '-d']);
  return dir;
}

function packFile(dir: string): string {
  const packDir = join(dir, '.git', 'objects', 'pack');
  const name = readdirSync(packDir).find((n) => n.endsWith('.pack'));
  return join(packDir, name as string);
}

async function scan(dir: string) {
  const run = await runCli(['scan', dir, '--format', 'json', '--show-secrets']);
  return { ...run, findings: run.stdout ? (JSON.parse(run.stdout) as Finding[]) : [] };
}

describe('scanning damaged repositories', () => {
  it('reports a corrupt object in a pack by id, scans the rest, exits 3', async () => {
    const dir = await copyRepo('corrupt', true);
    const verify = await git(dir, ['verify-pack', '-v', `${packFile(dir).slice(0, -5)}.idx`]);
    const doc = await git(dir, ['rev-parse', 'HEAD:doc3.txt']);
    const line = verify.split('\n').find((l) => l.startsWith(doc)) as string;
    const offset = Number(line.split(/\s+/)[4]);
    const fd = openSync(packFile(dir), 'r+');
    const bytes = Buffer.alloc(16);
    readSync(fd, bytes, 0, 16, offset + 8);
    for (let i = 0; i < 16; i++) bytes[i] = (bytes[i] as number) ^ 0x5a;
    writeSync(fd, bytes, 0, 16, offset + 8);
    closeSync(fd);
    const run = await scan(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('INCOMPLETE');
    expect(run.stderr).toContain(doc);
    expect(run.findings.map((f) => f.secret)).toContain(GH_TOKEN);
  });

  it('reports a truncated pack and still scans what precedes the cut', async () => {
    const dir = await copyRepo('truncated', true);
    const pack = packFile(dir);
    truncateSync(pack, Math.floor(statSync(pack).size * 0.6));
    const run = await scan(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('INCOMPLETE');
  });

  it('reports a missing object and keeps the findings', async () => {
    const dir = await copyRepo('missing', false);
    const tree = await git(dir, ['rev-parse', 'HEAD~1^{tree}']);
    rmSync(join(dir, '.git', 'objects', tree.slice(0, 2), tree.slice(2)));
    const run = await scan(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(tree);
    expect(run.findings.map((f) => f.secret)).toContain(GH_TOKEN);
  });

  it('says a shallow clone is incomplete history', async () => {
    const dir = join(root, 'shallow');
    await git(root, ['clone', '-q', '--depth', '1', `file://${source}`, dir]);
    const run = await scan(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/shallow/i);
    expect(run.findings.map((f) => f.secret)).toContain(GH_TOKEN);
  });
});
