// The commits of a range (`--since-commit`, `--log-opts`, a push), for CI and the pre-push hook:
// for each commit, the files it adds or changes, the blob of each and the lines it adds, with
// the commit's author and date. git lists them (`git log -p`, renames found, merges shown by
// their parents' commits); blobs are read by our own object reader, as for the staged change.
import { UsageError } from '../../errors.js';
import { runGitCommand } from '../git-cli.js';
import { PATCH_ARGS, parseStagedDiff, type StagedFile } from '../staged/staged-diff.js';

/** One commit of the range and what it adds. */
export interface RangeCommit {
  commit: string;
  author: string;
  email: string;
  /** Author date, ISO 8601. */
  date: string;
  files: StagedFile[];
}

/** `git log`'s format for a commit's header: a record separator, then id, author, email and author date. */
export const COMMIT_HEADER_FORMAT = '--format=%x01%H%x00%an%x00%ae%x00%aI';

const LOG_ARGS = ['log', ...PATCH_ARGS, '--no-show-signature', '--patch', COMMIT_HEADER_FORMAT];

// Options that would make git write files, start a program (signature checks, drivers) or
// change what the output looks like.
const FORBIDDEN =
  /^--(?:output|format|pretty|no-patch|stat|name-only|name-status|raw|oneline|ext-diff|textconv|graph|show-signature)\b|^-[os]$/;

/** Splits `--log-opts` text into git arguments, refusing ones that break parsing or write files. */
export function parseLogOpts(text: string): string[] {
  const args = text.split(/\s+/).filter((a) => a !== '');
  const bad = args.find((a) => FORBIDDEN.test(a));
  if (bad !== undefined) {
    throw new UsageError(
      'USAGE_LOG_OPTS',
      `--log-opts: ${bad} is not allowed (it changes the output credsweep reads, starts a program, or writes files)`,
      { option: bad },
    );
  }
  return args;
}

/** Splits `git log` output written with COMMIT_HEADER_FORMAT into commits, the files of each read from its body by `filesOf`. */
export function parseLogRecords(out: string, filesOf: (body: string) => StagedFile[]): RangeCommit[] {
  const commits: RangeCommit[] = [];
  // A record starts a line. Content may hold \x01 too, but every patch or --raw line starts
  // with its own mark (`+`, `-`, ` `, `:`, `diff`, `@@`), so only a record starts a line with it.
  for (const chunk of out.split(/(?:^|\n)\x01/)) {
    if (chunk === '') continue;
    const newline = chunk.indexOf('\n');
    const header = newline === -1 ? chunk : chunk.slice(0, newline);
    const [commit, author, email, date] = header.split('\x00');
    if (!commit) continue;
    commits.push({
      commit,
      author: author ?? '',
      email: email ?? '',
      date: new Date(date ?? '').toISOString(),
      files: newline === -1 ? [] : filesOf(chunk.slice(newline + 1)),
    });
  }
  return commits;
}

/** Runs `git log` over `revisions` in `workTree` and returns each commit with what it adds, newest first. */
export async function readCommitRange(workTree: string, revisions: string[]): Promise<RangeCommit[]> {
  return parseLogRecords(await runGitCommand([...LOG_ARGS, ...revisions, '--'], workTree), parseStagedDiff);
}

/** The revisions to scan for one line of a pre-push hook's stdin, or null when nothing is pushed. */
export function pushRevisions(line: string): string[] | null {
  const [, localSha, , remoteSha] = line.trim().split(/\s+/);
  if (!localSha || /^0+$/.test(localSha)) return null; // a deletion pushes no commits
  if (!remoteSha || /^0+$/.test(remoteSha)) return [localSha, '--not', '--remotes']; // a new branch
  return [`${remoteSha}..${localSha}`];
}
