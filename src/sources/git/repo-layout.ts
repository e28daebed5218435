// Finds where a repository's pieces live from its structural files only (`.git` files,
// commondir, alternates, shallow). Repository config is never read: a leaked repository is
// untrusted, and nothing in its config may steer what we read.
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { GitError, SourceError } from '../../errors.js';
import { readRegularFile, UnreadableFileError } from '../regular-file.js';
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

// Structural files are a few lines; a FIFO or a device in their place would hang or fill memory.
const SMALL_FILE = 1 << 20;

/** The file's text, trimmed; null when absent; throws UnreadableFileError when not a regular file. */
function readTrimmed(path: string): string | null {
  try {
    return readRegularFile(path, SMALL_FILE).toString('utf8').trim();
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    return null;
  }
}

/** {@link readTrimmed}, with a file that is not regular making the path not a repository. */
function readStructural(path: string, repo: string): string | null {
  try {
    return readTrimmed(path);
  } catch (err) {
    throw notARepo(repo, (err as Error).message);
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
function followGitFile(gitFile: string): string {
  const text = readStructural(gitFile, dirname(gitFile));
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
async function collectObjectDirs(
  objectsDir: string,
  out: string[],
  depth: number,
  problems: NonNullable<RepoLayout['problems']>,
): Promise<void> {
  if (out.includes(objectsDir)) return;
  out.push(objectsDir);
  if (depth >= MAX_ALTERNATE_DEPTH) return;
  const file = join(objectsDir, 'info', 'alternates');
  let text: string | null;
  try {
    text = readTrimmed(file);
  } catch (err) {
    problems.push({
      code: 'GIT_NOT_A_FILE',
      message: `${(err as Error).message}: objects in alternates it may list are not scanned`,
      path: file,
    });
    return;
  }
  if (text === null) return;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const path = unquoteAlternate(line);
    const alternate = isAbsolute(path) ? resolve(path) : resolve(objectsDir, path);
    if ((await kindOf(alternate)) !== 'dir') {
      throw new GitError(
        'GIT_MISSING_ALTERNATE',
        `alternate object directory ${alternate} (listed in ${objectsDir}/info/alternates) does not exist`,
        {
          path: alternate,
          listedIn: objectsDir,
        },
      );
    }
    await collectObjectDirs(alternate, out, depth + 1, problems);
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
    gitDir = followGitFile(dotGit);
    workTree = root;
  } else if (await isGitDir(root)) {
    gitDir = root;
    workTree = null;
  } else {
    throw notARepo(path, 'no .git and not a bare repository');
  }
  if (!(await isGitDir(gitDir))) throw notARepo(path, `${gitDir} has no HEAD, objects/ and refs/`);

  const commonText = readStructural(join(gitDir, 'commondir'), path);
  const commonDir = commonText ? resolve(gitDir, commonText) : gitDir;
  const objects = join(commonDir, 'objects');
  if ((await kindOf(objects)) !== 'dir') throw notARepo(path, `${objects} is missing`);

  const objectDirs: string[] = [];
  const problems: NonNullable<RepoLayout['problems']> = [];
  await collectObjectDirs(objects, objectDirs, 0, problems);
  const shallow = (await kindOf(join(commonDir, 'shallow'))) === 'file';
  return { gitDir, commonDir, objectDirs, workTree, shallow, ...(problems.length > 0 ? { problems } : {}) };
}
