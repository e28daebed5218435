// The staged change of a repository, for the pre-commit hook: which files the commit adds or
// changes, the staged blob of each, and which of its lines are new. git computes the change
// (index against HEAD, renames detected; an unborn HEAD counts as empty); the blobs are read
// from the object store by our own reader, so what is scanned is exactly what is staged, not the
// working tree (a file staged in part with `git add -p` is scanned as staged).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runGitCommand } from '../git-cli.js';
import { PATCH_ARGS, parseStagedDiff, type StagedFile } from './staged-diff.js';

export type { StagedFile } from './staged-diff.js';

const DIFF_ARGS = ['diff', '--cached', ...PATCH_ARGS];

function intersect(a: Array<[number, number]>, b: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [a0, a1] of a) {
    for (const [b0, b1] of b) {
      const from = Math.max(a0, b0);
      const to = Math.min(a1, b1);
      if (from <= to) out.push([from, to]);
    }
  }
  return out;
}

// While a merge is being concluded, a line is new only if neither parent has it: the other
// branch's lines were committed there (and scanned there), so they are not this commit's news.
function newToBothParents(vsHead: StagedFile[], vsMerged: StagedFile[]): StagedFile[] {
  const other = new Map(vsMerged.map((f) => [f.path, f]));
  return vsHead.flatMap((f) => {
    const o = other.get(f.path);
    if (!o) return []; // identical to the merged-in branch: nothing new
    if (o.added || o.binary) return [f];
    const addedLines = f.added || f.binary ? o.addedLines : intersect(f.addedLines, o.addedLines);
    return addedLines.length > 0 ? [{ ...f, added: false, binary: false, addedLines }] : [];
  });
}

/**
 * Lists the files of the staged change of the repository whose work tree is `workTree` (git dir
 * `gitDir`): against HEAD, and while a merge is in progress against the merged-in commit too.
 */
export async function readStagedChange(workTree: string, gitDir: string): Promise<StagedFile[]> {
  const vsHead = parseStagedDiff(await runGitCommand(DIFF_ARGS, workTree));
  if (!existsSync(join(gitDir, 'MERGE_HEAD'))) return vsHead;
  const vsMerged = parseStagedDiff(await runGitCommand([...DIFF_ARGS, 'MERGE_HEAD'], workTree));
  return newToBothParents(vsHead, vsMerged);
}

/**
 * Whether a match starting on `line` and spanning `extraLines` more is part of what the commit
 * adds: any line of it is new, or the whole file is (new, binary, or matched by name: line 0).
 */
export function isStagedLine(file: StagedFile, line: number, extraLines: number): boolean {
  if (file.added || file.binary || line === 0) return true;
  const last = line + extraLines;
  return file.addedLines.some(([from, to]) => from <= last && line <= to);
}
