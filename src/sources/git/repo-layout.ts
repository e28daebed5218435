// Finds where a repository's pieces live from its structural files only (`.git` files,
// commondir, alternates, shallow). Repository config is never read: a leaked repository is
// untrusted, and nothing in its config may steer what we read.
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { GitError, SourceError } from '../../errors.js';
import type { RepoLayout } from './git-types.js';

// git itself stops following alternates after five levels.
const MAX_ALTERNATE_DEPTH = 5;

async function kindOf(path: string): Promise<'file' | 'dir' | null> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? 'dir' : info.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

async function readTrimmed(path: string): Promise<string | null> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return null;
  }
}

/** A git dir has HEAD and either commondir (a linked worktree) or objects/ and refs/ of its own. */
async function isGitDir(path: string): Promise<boolean> {
  if ((await kindOf(join(path, 'HEAD'))) !== 'file') return false;
  if ((await kindOf(join(path, 'commondir'))) === 'file') return true;
  return (await kindOf(join(path, 'objects'))) === 'dir' && (await kindOf(join(path, 'refs'))) === 'dir';
}

function notARepo(path: string, why: string): SourceError {
  return new SourceError('SOURCE_NOT_A_REPO', `${path} is not a git repository: ${why}`, { path });
}

/** Follows a `.git` file (`gitdir: <path>`), as submodules and linked worktrees have. */
async function followGitFile(gitFile: string): Promise<string> {
  const text = await readTrimmed(gitFile);
  const match = text?.match(/^gitdir:\s*(.+)$/m);
  if (!match?.[1]) throw notARepo(dirname(gitFile), `${gitFile} does not name a gitdir`);
  return resolve(dirname(gitFile), match[1].trim());
}

/** Undoes git's C-style quoting of an alternates line ("..." with backslash escapes). */
function unquoteAlternate(line: string): string {
  if (!line.startsWith('"') || !line.endsWith('"') || line.length < 2) return line;
  const escapes: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\' };
  return line
    .slice(1, -1)
    .replace(/\\([0-7]{3}|.)/g, (_, e: string) => escapes[e] ?? (/^[0-7]{3}$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e));
}

/** Appends `objectsDir` and its alternates (depth first, in file order) to `out`, skipping repeats. */
async function collectObjectDirs(objectsDir: string, out: string[], depth: number): Promise<void> {
  if (out.includes(objectsDir)) return;
  out.push(objectsDir);
  if (depth >= MAX_ALTERNATE_DEPTH) return;
  const text = await readTrimmed(join(objectsDir, 'info', 'alternates'));
  if (text === null) return;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const path = unquoteAlternate(line);
    const alternate = isAbsolute(path) ? resolve(path) : resolve(objectsDir, path);
    if ((await kindOf(alternate)) !== 'dir') {
      throw new GitError('GIT_MISSING_ALTERNATE', `alternate object directory ${alternate} (listed in ${objectsDir}/info/alternates) does not exist`, {
        path: alternate,
        listedIn: objectsDir,
      });
    }
    await collectObjectDirs(alternate, out, depth + 1);
  }
}

/**
 * Finds the git directory, common directory, object directories and work tree of the repository
 * at `path`: a work tree with `.git` (directory or `gitdir:` file), or a bare repository.
 * Throws SourceError `SOURCE_NOT_A_REPO` when `path` is neither, GitError `GIT_MISSING_ALTERNATE`
 * when an alternate object directory is gone.
 */
export async function locateRepository(path: string): Promise<RepoLayout> {
  const root = resolve(path);
  if ((await kindOf(root)) !== 'dir') throw notARepo(path, 'not a directory');

  let gitDir: string;
  let workTree: string | null;
  const dotGit = join(root, '.git');
  const dotGitKind = await kindOf(dotGit);
  if (dotGitKind === 'dir') {
    gitDir = dotGit;
    workTree = root;
  } else if (dotGitKind === 'file') {
    gitDir = await followGitFile(dotGit);
    workTree = root;
  } else if (await isGitDir(root)) {
    gitDir = root;
    workTree = null;
  } else {
    throw notARepo(path, 'no .git and not a bare repository');
  }
  if (!(await isGitDir(gitDir))) throw notARepo(path, `${gitDir} has no HEAD, objects/ and refs/`);

  const commonText = await readTrimmed(join(gitDir, 'commondir'));
  const commonDir = commonText ? resolve(gitDir, commonText) : gitDir;
  const objects = join(commonDir, 'objects');
  if ((await kindOf(objects)) !== 'dir') throw notARepo(path, `${objects} is missing`);

  const objectDirs: string[] = [];
  await collectObjectDirs(objects, objectDirs, 0);
  const shallow = (await kindOf(join(commonDir, 'shallow'))) === 'file';
  return { gitDir, commonDir, objectDirs, workTree, shallow };
}
