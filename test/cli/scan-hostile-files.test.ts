// Files of a repository that are not regular files: a FIFO would block the open or the read for
// ever, a symlink to /dev/zero would read without end. Each is an issue naming the path (exit 3),
// and the rest of the repository is still scanned.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const SECRET = 'xoxb-4819203746-1928374650123-LmNq7ZxVb2RtYp9WcKe3HsJd';

let repo: GitFixture | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function leaked(): Promise<{ dir: string; objects: string }> {
  repo = await makeRepo();
  await repo.commit({ 'app.env': `SLACK=${SECRET}\n` }, 'leak');
  await repo.commit({ 'b.txt': 'b\n' }, 'more');
  return { dir: repo.dir, objects: join(repo.dir, '.git', 'objects') };
}

const mkfifo = (path: string) => execFileSync('mkfifo', [path]);

async function packed(): Promise<{ dir: string; objects: string; pack: string }> {
  const { dir, objects } = await leaked();
  await repo?.git('gc', '-q');
  const packDir = join(objects, 'pack');
  const pack = join(packDir, readdirSync(packDir).find((n) => n.endsWith('.pack')) as string);
  return { dir, objects, pack };
}

const toZero = (path: string) => symlinkSync('/dev/zero', path);

// Each case plants one file that is not a regular file and returns its path.
type Plant = (repo: { dir: string; objects: string; pack: string }) => string;

function inDir(dir: string, name: string, make: (path: string) => void): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  make(path);
  return path;
}

const CASES: Array<[string, Plant]> = [
  ['a loose object that is a FIFO', ({ objects }) => inDir(join(objects, 'ab'), 'cd'.repeat(19), mkfifo)],
  ['a loose object that is a symlink to /dev/zero', ({ objects }) => inDir(join(objects, 'ab'), 'cd'.repeat(19), toZero)],
  ['a pack that is a FIFO', ({ objects }) => inDir(join(objects, 'pack'), 'pack-planted.pack', mkfifo)],
  ['a pack that is a symlink to /dev/zero', ({ objects }) => inDir(join(objects, 'pack'), 'pack-planted.pack', toZero)],
  ['a loose ref that is a FIFO', ({ dir }) => inDir(join(dir, '.git', 'refs', 'heads'), 'planted', mkfifo)],
  ['objects/info/alternates that is a FIFO', ({ objects }) => inDir(join(objects, 'info'), 'alternates', mkfifo)],
  [
    'an .idx that is a FIFO (the pack is then indexed by reading it)',
    ({ pack }) => {
      const idx = pack.replace(/\.pack$/, '.idx');
      rmSync(idx, { force: true });
      mkfifo(idx);
      return idx;
    },
  ],
  [
    'packed-refs that is a FIFO',
    ({ dir }) => {
      const path = join(dir, '.git', 'packed-refs');
      renameSync(path, `${path}.real`);
      mkfifo(path);
      return path;
    },
  ],
];

describe('a repository whose files are not regular files', () => {
  it.each(CASES)(
    '%s: an issue naming it, exit 3, the rest scanned',
    async (_what, plant) => {
      const target = await packed();
      const path = plant(target);
      const run = await runCli(['scan', target.dir, '-f', 'json', '--no-progress', '--threads', '1']);
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain(path);
      expect(run.stdout).toContain('app.env');
    },
    30_000,
  );
});

it('a file on disk whose name is not valid UTF-8 is read, and named with \\xNN', async () => {
  const target = await packed();
  const raw = Buffer.concat([Buffer.from(join(target.dir, 'bad')), Buffer.from([0xff]), Buffer.from('name.env')]);
  writeFileSync(raw, 'SLACK=xoxb-1357924680-2468013579246-NbVcXz8LkJhGfDsA2QwErTyU\n');
  const run = await runCli(['scan', target.dir, '--no-history', '-f', 'json', '--no-progress']);
  expect(run.code, run.stderr).toBe(1);
  const files = (JSON.parse(run.stdout) as Array<{ file: string }>).map((f) => f.file).sort();
  expect(files).toEqual(['app.env', 'bad\\xffname.env']);
});
