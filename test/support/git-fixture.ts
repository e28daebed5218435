// Builds real git repositories for tests, with the real git CLI, isolated from the developer's
// own git setup (no system or global config, HOME in a temp dir) and with fixed dates, so the
// same calls always make the same object ids.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Options for one commit made by {@link GitFixture.commit}. */
export interface CommitOptions {
  /** ISO date for author and committer; default: 2024-01-01 plus one minute per commit made so far. */
  date?: string;
  /** A committer date other than `date` (a commit made after it was written: rebase, amend). */
  committerDate?: string;
  /** Author and committer name; the email is derived from its first word. */
  author?: string;
  /** Stage every change in the work tree (`git add -A`), not only the files given. */
  all?: boolean;
}

/** A repository in a temp dir, and helpers that run git inside it. */
export interface GitFixture {
  /** The work tree (or the git dir, for a bare repository). */
  dir: string;
  /** The temp dir holding `dir` and HOME; removed by {@link cleanup}. */
  root: string;
  /** Runs `git args...` in `dir`; resolves trimmed stdout. */
  git(...args: string[]): Promise<string>;
  /** Runs git in `dir` and resolves raw stdout bytes (for `cat-file --batch`), feeding `input` to stdin. */
  gitBytes(args: string[], input?: string): Promise<Buffer>;
  /** Writes `files` (null deletes a file), stages them and commits; resolves the new commit id. */
  commit(files: Record<string, string | Buffer | null>, message: string, opts?: CommitOptions): Promise<string>;
  /** Removes the temp dir. */
  cleanup(): Promise<void>;
}

/** Environment with no system or global config, HOME at `home`, fixed identity and `date`. */
export function fixtureEnv(home: string, date = '2024-01-01T00:00:00Z', who = 'Test User'): NodeJS.ProcessEnv {
  const email = `${who.split(' ')[0]?.toLowerCase()}@example.com`;
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: who,
    GIT_AUTHOR_EMAIL: email,
    GIT_COMMITTER_NAME: who,
    GIT_COMMITTER_EMAIL: email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
}

/** Runs git in `cwd` with the isolated environment; `-c` settings keep behaviour fixed across git versions. */
export async function runGit(cwd: string, home: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Buffer> {
  const { stdout } = await run('git', ['-c', 'init.defaultBranch=main', '-c', 'gc.auto=0', '-c', 'maintenance.auto=false', ...args], {
    cwd,
    env: env ?? fixtureEnv(home),
    maxBuffer: 1 << 30,
    encoding: 'buffer',
  });
  return stdout;
}

/** Runs git with `input` on stdin (execFile cannot feed stdin through promisify). */
function runGitWithInput(cwd: string, home: string, args: string[], input: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd, env: fixtureEnv(home), maxBuffer: 1 << 30, encoding: 'buffer' }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
    child.stdin?.end(input);
  });
}

/** Creates a fresh repository (`git init`, or `git init --bare` when `bare`) in a new temp dir. */
export async function makeRepo(opts: { bare?: boolean } = {}): Promise<GitFixture> {
  const root = await mkdtemp(join(tmpdir(), 'credsweep-git-'));
  const dir = join(root, opts.bare ? 'repo.git' : 'repo');
  await mkdir(dir);
  await runGit(dir, root, ['init', '-q', ...(opts.bare ? ['--bare'] : [])]);
  let commits = 0;

  const fixture: GitFixture = {
    dir,
    root,
    git: async (...args) => (await runGit(dir, root, args)).toString('utf8').trim(),
    gitBytes: (args, input) => (input === undefined ? runGit(dir, root, args) : runGitWithInput(dir, root, args, input)),
    async commit(files, message, options = {}) {
      const paths: string[] = [];
      for (const [path, content] of Object.entries(files)) {
        const full = join(dir, path);
        if (content === null) {
          await rm(full, { force: true });
        } else {
          await mkdir(dirname(full), { recursive: true });
          await writeFile(full, content);
        }
        paths.push(path);
      }
      const date = options.date ?? new Date(Date.UTC(2024, 0, 1, 0, commits)).toISOString();
      commits++;
      const env = {
        ...fixtureEnv(root, date, options.author),
        ...(options.committerDate ? { GIT_COMMITTER_DATE: options.committerDate } : {}),
      };
      const addArgs = options.all ? ['add', '-A'] : ['add', '-A', '--', ...paths];
      await runGit(dir, root, addArgs, env);
      await runGit(dir, root, ['commit', '-q', '--allow-empty', '-m', message], env);
      return (await runGit(dir, root, ['rev-parse', 'HEAD'], env)).toString('utf8').trim();
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
  return fixture;
}

/** One object as git itself reports it. */
export interface GitCatObject {
  type: string;
  data: Buffer;
}

/**
 * Every object git can see in the repository at `dir` (`git cat-file --batch-all-objects --batch`),
 * unreachable ones included: the oracle that object-reading code is checked against.
 */
export async function catAllObjects(fixture: GitFixture, dir = fixture.dir): Promise<Map<string, GitCatObject>> {
  const out = await runGit(dir, fixture.root, ['cat-file', '--batch-all-objects', '--batch']);
  const objects = new Map<string, GitCatObject>();
  let pos = 0;
  while (pos < out.length) {
    const nl = out.indexOf(10, pos);
    const [oid, type, size] = out.toString('latin1', pos, nl).split(' ');
    const start = nl + 1;
    const end = start + Number(size);
    objects.set(oid as string, { type: type as string, data: out.subarray(start, end) });
    pos = end + 1;
  }
  return objects;
}
