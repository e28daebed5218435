// Git repositories inside a folder: work trees (`.git` directory or `gitdir:` file), bare
// repositories and linked worktrees, found anywhere under it, so that a folder of seized clones is
// read as history rather than as pack files counted "binary". Only structure is looked at (what
// locateRepository reads); a `.git` file that leads out of the folder is not followed, since a
// hostile folder must not steer the scan onto the rest of the disk.
import type { Dirent } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { CredsweepError } from '../../errors.js';
import type { ScanIssue } from '../../types.js';
import type { RepoLayout } from '../git/git-types.js';
import { locateRepository } from '../git/repo-layout.js';

/** One repository found under the folder. */
export interface FoundRepository {
  /** Path relative to the folder, `/`-separated (`.` for the folder itself). */
  rel: string;
  layout: RepoLayout;
  /** True for a bare repository: its files are git's own and are not also read as plain files. */
  bare: boolean;
}

/** What discovery found, and what it could not follow. */
export interface Discovery {
  repositories: FoundRepository[];
  /** Folders (relative) holding a bare repository, which the file walk leaves to the history scan. */
  bareDirs: Set<string>;
  issues: ScanIssue[];
}

// Directory listings are cheap next to reading files, but a hostile tree could be endless in
// breadth; past this many folders discovery stops and says so.
const MAX_DIRECTORIES = 1_000_000;

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

async function tryLocate(abs: string): Promise<RepoLayout | null | Error> {
  try {
    return await locateRepository(abs);
  } catch (err) {
    if (err instanceof CredsweepError && err.code === 'SOURCE_NOT_A_REPO') return null;
    return err as Error;
  }
}

function looksLikeGitDir(names: ReadonlySet<string>): boolean {
  return names.has('HEAD') && ((names.has('objects') && names.has('refs')) || names.has('commondir'));
}

/**
 * Walks the folder `root` (symlinks not followed) and returns every repository under it, the
 * folder itself excluded when `skipRoot` (its own history is scanned by the caller already).
 * Two paths to one object store (a clone and its linked worktree) count once.
 */
export async function discoverRepositories(root: string, options: { skipRoot?: boolean } = {}): Promise<Discovery> {
  const realRoot = await realpath(root);
  const found: FoundRepository[] = [];
  const bareDirs = new Set<string>();
  const issues: ScanIssue[] = [];
  const stores = new Set<string>();
  if (options.skipRoot) {
    const own = await tryLocate(root);
    if (own !== null && !(own instanceof Error)) stores.add(await realpath(own.commonDir).catch(() => own.commonDir));
  }
  const stack: string[] = [''];
  let listed = 0;
  while (stack.length > 0) {
    const rel = stack.pop() as string;
    const abs = rel === '' ? root : join(root, rel);
    if (++listed > MAX_DIRECTORIES) {
      issues.push({
        code: 'DISCOVERY_LIMIT',
        message: `more than ${MAX_DIRECTORIES} folders under ${root}: repositories past them were not looked for`,
        path: root,
      });
      break;
    }
    let entries: Dirent[];
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch {
      continue; // the file walk reports unreadable folders
    }
    const names = new Set(entries.map((e) => e.name));
    const bare = looksLikeGitDir(names);
    if ((names.has('.git') || bare) && !(rel === '' && options.skipRoot)) {
      const located = await tryLocate(abs);
      if (located instanceof Error) {
        issues.push({
          code: (located as CredsweepError).code ?? 'GIT_UNREADABLE',
          message: `repository ${rel || '.'}: ${located.message}`,
          path: rel || '.',
        });
      } else if (located !== null) {
        const store = await realpath(located.commonDir).catch(() => located.commonDir);
        if (!inside(realRoot, store)) {
          issues.push({
            code: 'REPO_OUTSIDE_TARGET',
            message: `${rel || '.'}/.git leads to ${located.commonDir}, outside ${root}; that history was not read (scan it as a target of its own)`,
            path: rel || '.',
          });
        } else if (!stores.has(store)) {
          stores.add(store);
          found.push({ rel: rel || '.', layout: located, bare: located.workTree === null });
        }
        if (located.workTree === null) {
          bareDirs.add(rel);
          continue;
        }
      }
    }
    const subdirs = entries.filter((e) => e.isDirectory() && e.name !== '.git').map((e) => (rel === '' ? e.name : `${rel}/${e.name}`));
    subdirs.sort();
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as string);
  }
  return { repositories: found, bareDirs, issues };
}
