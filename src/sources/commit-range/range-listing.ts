// The commits of a range when some object they name is missing from the store (a damaged
// clone, a pruned mirror): `git log -p` stops at the first blob it cannot read, so the range is
// checked with `git rev-list --objects --missing=print` (which lists what is absent instead of
// failing) and listed again from tree entries alone (`git log --raw`, which reads no blob).
// Every file the range adds or changes is then taken whole, since the lines it adds cannot be
// told without the diff: more may be reported, nothing is skipped, and the missing objects are
// named so the scan says it is incomplete.
import { COMMIT_HEADER_FORMAT, parseLogRecords, type RangeCommit, readCommitRange } from './commit-range-source.js';
import { runGitCommand } from '../git-cli.js';
import { type StagedFile, unquoteGitPath } from '../staged/staged-diff.js';

/** The commits of a range and the objects it names that the store lacks. */
export interface RangeListing {
  commits: RangeCommit[];
  /** Ids of objects the range names that are not in the store (blobs, trees or commits). */
  missing: string[];
}

const RAW_ARGS = [
  'log',
  '--raw',
  '--no-abbrev',
  '--no-renames',
  '--no-ext-diff',
  '--no-textconv',
  '--no-color',
  '--ignore-submodules=all',
  '--diff-filter=ACMT',
  '--no-show-signature',
  COMMIT_HEADER_FORMAT,
];

// `:oldmode newmode oldoid newoid status<TAB>path`.
const RAW_LINE = /^:\d+ (\d+) [0-9a-f]+ ([0-9a-f]+) [A-Z]\d*\t(.*)$/;

// The files a commit adds or changes, from its `--raw` lines: each taken whole.
function rawFiles(body: string): StagedFile[] {
  const files: StagedFile[] = [];
  for (const line of body.split('\n')) {
    const m = RAW_LINE.exec(line);
    if (!m) continue;
    files.push({
      path: unquoteGitPath(m[3] as string),
      oid: m[2] as string,
      mode: m[1] as string,
      added: true,
      binary: false,
      addedLines: [],
    });
  }
  return files;
}

/** Ids of the objects `revisions` reach that the store lacks (none when git cannot tell). */
async function missingObjects(workTree: string, revisions: string[]): Promise<string[]> {
  try {
    const out = await runGitCommand(['rev-list', '--objects', '--missing=print', ...revisions, '--'], workTree);
    return out
      .split('\n')
      .filter((line) => line.startsWith('?'))
      .map((line) => line.slice(1).trim());
  } catch {
    return [];
  }
}

/**
 * The commits `revisions` select with what each adds (as readCommitRange), and the objects the
 * range names that are missing. When git cannot list the range for any other reason (a revision
 * that does not exist, an option it refuses), its error is thrown as before.
 */
export async function listCommitRange(workTree: string, revisions: string[]): Promise<RangeListing> {
  try {
    return { commits: await readCommitRange(workTree, revisions), missing: [] };
  } catch (err) {
    const missing = await missingObjects(workTree, revisions);
    if (missing.length === 0) throw err;
    // A missing tree or commit stops even the raw listing: then only the missing ids are known.
    const commits = await runGitCommand([...RAW_ARGS, ...revisions, '--'], workTree).then(
      (out) => parseLogRecords(out, rawFiles),
      () => [],
    );
    return { commits, missing };
  }
}
