// Builds real repositories with the git CLI for git-layer tests: synchronous, isolated from
// the developer's config, with fixed identities and dates so oids are the same on every run.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RepoLayout } from '../../src/sources/git/git-types.js';
import { fixtureEnv } from './git-fixture.js';

/** The id of the empty tree, the same in every SHA-1 repository. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Options for one git command. */
export interface RunOptions {
  /** Author and committer date, e.g. `2024-03-01T10:00:00Z`. */
  date?: string;
  /** Author and committer name; the email is derived from it. */
  who?: string;
  /** Bytes for stdin. */
  input?: string | Buffer;
  /** Directory to run in; defaults to the sandbox's work tree. */
  cwd?: string;
}

/** A temporary repository and helpers to shape its history. */
export interface Sandbox {
  /** Work tree of the repository (its git dir is `dir/.git`). */
  dir: string;
  /** The temp folder holding `dir` (and HOME); other repositories may be created inside. */
  root: string;
  run(args: string[], options?: RunOptions): string;
  write(path: string, content: string | Buffer): void;
  remove(path: string): void;
  /** Stages everything and commits; returns the new commit oid. */
  commit(message: string, date: string, who?: string): string;
  /** The layout of `dir` (or another non-bare repository under `root`). */
  layout(dir?: string): RepoLayout;
  cleanup(): void;
}

/** Creates an empty repository (branch `main`) in a fresh temp folder. */
export function createSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'credsweep-git-'));
  const dir = join(root, 'repo');
  mkdirSync(dir);
  const run = (args: string[], options: RunOptions = {}): string => {
    const who = options.who ?? 'Test User';
    const email = `${who.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`;
    const date = options.date ?? '2024-01-01T00:00:00Z';
    const out = execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'gc.auto=0', ...args], {
      cwd: options.cwd ?? dir,
      input: options.input,
      maxBuffer: 1 << 28,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Same isolation as the async fixture, with this sandbox's dotted emails (oids depend on them).
      env: { ...fixtureEnv(root, date, who), GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_EMAIL: email },
    });
    return out.toString('utf8').trim();
  };
  run(['init', '-q']);
  return {
    dir,
    root,
    run,
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    remove(path) {
      unlinkSync(join(dir, path));
    },
    commit(message, date, who) {
      run(['add', '-A']);
      run(['commit', '-q', '--allow-empty', '-m', message], { date, who });
      return run(['rev-parse', 'HEAD']);
    },
    layout(repoDir = dir) {
      const gitDir = join(repoDir, '.git');
      return {
        gitDir,
        commonDir: gitDir,
        objectDirs: [join(gitDir, 'objects')],
        workTree: repoDir,
        shallow: existsSync(join(gitDir, 'shallow')),
      };
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A made-up AWS-style access key id ('AKIA' + 16 chars of [A-Z2-7]), distinct per seed. */
export function fakeKeyId(seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let n = seed * 2654435761 + 12345;
  let out = 'AKIA';
  for (let i = 0; i < 16; i++) {
    n = (n * 1103515245 + 12345) % 2147483648;
    out += alphabet[(n >>> 16) % 32];
  }
  return out;
}
