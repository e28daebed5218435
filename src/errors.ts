// Every error credsweep raises on purpose carries a `code` from ERROR_CODES below: tests assert
// codes, not messages; the CLI maps a code to its exit code through the table (exitCodeFor); and
// the README prints the table. A code used anywhere in src/ but missing here fails
// test/errors.test.ts, and one thrown with a typed class fails the type check.

/** Exit codes of the contract (src/README.md). */
export const EXIT = { clean: 0, findings: 1, usage: 2, incomplete: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

interface CodeEntry {
  /**
   * Exit code when an error with this code ends a command. Any code reported as a scan issue
   * (the scan went on and read the rest) makes that scan exit 3, whatever this says.
   */
  exit: ExitCode;
  /** What went wrong, as one line for the README's table. */
  meaning: string;
}

const usage = (meaning: string): CodeEntry => ({ exit: EXIT.usage, meaning });
const incomplete = (meaning: string): CodeEntry => ({ exit: EXIT.incomplete, meaning });

/** Every code, its meaning and its exit code. Issue codes (exit 3) also appear in reports. */
export const ERROR_CODES = {
  // Command-line use
  USAGE_BAD_VALUE: usage('an option value is malformed (size, number, choice, URL)'),
  USAGE_BAD_INPUT: usage('an input file (findings, report, manifest, audit log) cannot be read or is not what the command takes'),
  USAGE_BAD_REV: usage('a commit range names something that is not a commit'),
  USAGE_BAD_TARGET: usage('a target is not of any form credsweep reads'),
  USAGE_BAD_S3_TARGET: usage('an s3:// target does not name a valid bucket'),
  USAGE_CONFLICT: usage('options that cannot be used together were given together'),
  USAGE_DUPLICATE_RULE: usage('two rules have the same id'),
  USAGE_LOG_OPTS: usage('--log-opts holds something other than revisions and ranges'),
  USAGE_MISSING_OPTION: usage('an option this mode needs was not given'),
  USAGE_NO_INPUT: usage('a command that reads files was given none'),
  USAGE_NO_RULES: usage('no rules are left to run'),
  USAGE_OUTPUT: usage('an output file cannot be written'),
  USAGE_RANGE_BARE: usage('a commit range was asked of a bare repository that has no HEAD to compare'),
  USAGE_RANGE_STDIN: usage('a commit range was asked of standard input'),
  USAGE_STAGED_BARE: usage('--staged was asked of a bare repository'),
  USAGE_STAGED_STDIN: usage('--staged was asked of standard input'),
  USAGE_PRE_PUSH_STAGE: usage('the pre-push hook ran outside a push (the pre-commit framework gave no refs)'),
  HOOK_NOT_A_REPO: usage('hook install or uninstall was run outside a git repository'),
  HOOK_MANAGED: usage('core.hooksPath points inside the work tree, where a hook manager owns the hooks'),
  HOOK_CHAIN_EXISTS: usage('both a hook and its chained copy exist, so install cannot keep both'),
  // Configuration, rules, state and baselines
  CONFIG_INVALID: usage('.credsweep.yaml or an ignore file is invalid (the message names the line and key)'),
  CONFIG_UNREADABLE: usage('a configuration or ignore file cannot be read'),
  RULE_INVALID: usage('a rule is invalid or does not compile (the message names the file, line and key)'),
  RULE_FILE_UNREADABLE: usage('a rule file cannot be read'),
  BASELINE_INVALID: usage('a baseline file is not a findings report credsweep or gitleaks wrote'),
  BASELINE_UNREADABLE: usage('a baseline file cannot be read'),
  STATE_INVALID: usage('the sweep state file is not a credsweep state'),
  STATE_UNREADABLE: usage('the sweep state cannot be read (never a silent fresh start)'),
  STATE_UNWRITABLE: usage('the sweep state cannot be written back'),
  // Targets that cannot be read at all
  SOURCE_NOT_FOUND: usage('the target does not exist'),
  SOURCE_UNREADABLE: usage('the target exists but cannot be read'),
  SOURCE_NOT_A_REPO: usage('the target is not a git repository where one is needed'),
  SOURCE_BAD_BUNDLE: usage('a git bundle has a damaged header'),
  SOURCE_AUTH: usage('a remote repository refused the credentials given (or none)'),
  SOURCE_FETCH_FAILED: usage('a remote repository could not be fetched'),
  SOURCE_READ_FAILED: incomplete('a stream (an S3 object, an archive member) failed while being read'),
  AWS_NO_CREDENTIALS: usage('no AWS credentials could be loaded for an AWS target (the message says how to give them)'),
  GIT_UNAVAILABLE: usage('this mode needs the git binary and it is not on PATH'),
  GIT_COMMAND_FAILED: usage('a git command credsweep ran failed'),
  // Damaged or partial repositories: the rest is still scanned, the scan is incomplete
  GIT_CORRUPT_OBJECT: incomplete('an object cannot be inflated or parsed'),
  GIT_CORRUPT_PACK: incomplete('a pack or its index is damaged or does not match'),
  GIT_MISSING_OBJECT: incomplete('history names an object the store does not have'),
  GIT_MISSING_ALTERNATE: incomplete('objects/info/alternates names a directory that does not exist'),
  GIT_OBJECT_TOO_LARGE: incomplete('an object (or a delta base it needs) is larger than the limits by its header; never inflated'),
  GIT_NOT_A_FILE: incomplete('a path inside the repository is not a regular file (a FIFO, a device, a link to one)'),
  GIT_BAD_REF: incomplete('a ref cannot be read or points at nothing'),
  GIT_PARTIAL_CLONE: incomplete('a partial (promisor) clone: objects its remote holds back are not there to read'),
  GIT_SHALLOW: incomplete('the repository is shallow: history before its cut is not there to read'),
  GIT_BUNDLE_PREREQUISITES: incomplete('a bundle needs commits it does not carry'),
  // Other coverage issues
  DISCOVERY_LIMIT: incomplete('a folder holds more subfolders than are searched for repositories'),
  REPO_OUTSIDE_TARGET: incomplete('a .git file under the target leads outside it; that history was not read'),
  FS_UNREADABLE: incomplete('a file or folder under the target cannot be read'),
  FS_SYMLINK_LOOP: incomplete('a symbolic link loop under the target'),
  STDIN_UNREADABLE: incomplete('standard input could not be read to the end'),
  ARCHIVE_TOO_LARGE: incomplete('an archive expands past --max-archive-bytes; the rest of it is unread'),
  ARCHIVE_TOO_MANY_ENTRIES: incomplete('an archive has more members than are read'),
  ARCHIVE_TOO_DEEP: incomplete('archives nest deeper than --max-archive-depth'),
  ARCHIVE_ENCRYPTED: incomplete('an archive member is encrypted'),
  ARCHIVE_UNREADABLE: incomplete('an archive committed into history could not be opened'),
  ARCHIVE_CORRUPT: incomplete('an archive or one of its members is damaged'),
  ARCHIVE_NOT_OPENED: incomplete('an archive or git bundle was found but not opened (an xz inside an xz)'),
  CODECOMMIT_NO_REGION: incomplete('a region named for CodeCommit does not offer it'),
  TARGET_INCOMPLETE: incomplete('a target of the sweep was not read to the end'),
  SHARD_MISSING: incomplete('merge found a target no shard claimed'),
  REPORT_INCOMPLETE: incomplete('the incident report lacks facts it could not gather'),
  AWS_OWNER_LOOKUP: incomplete('the owner of an exposed AWS key could not be looked up'),
  WORKER_DIED: incomplete(
    "a scan worker stopped while reading a share of the target (that share is unread) or while walking commits' trees for provenance (introductions there may be missing)",
  ),
  INTERNAL: usage('a bug: an unexpected error inside credsweep'),
  INTERNAL_NO_WORKER: usage('the compiled scan worker is missing: run `npm run compile`'),
} as const satisfies Record<string, CodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Issue codes made from an AWS error's name (`AWS_AccessDenied`): one family, exit 3. */
export const AWS_ISSUE_PREFIX = 'AWS_';

/** The table's entry for a code; AWS_<name> codes share one; unknown codes count as internal. */
export function describeCode(code: string): CodeEntry {
  if (code in ERROR_CODES) return ERROR_CODES[code as ErrorCode];
  if (code.startsWith(AWS_ISSUE_PREFIX)) return incomplete('an AWS call failed; the code names the AWS error');
  return ERROR_CODES.INTERNAL;
}

// A brand instead of a shape: Node's own errors also have `code` and `message`.
const BRAND = Symbol.for('credsweep.error');

/** Base of every deliberate error. `data` holds the facts the message was built from. */
export class CredsweepError extends Error {
  readonly code: ErrorCode;
  readonly data: Record<string, unknown>;
  readonly [BRAND] = true;

  constructor(code: ErrorCode, message: string, data: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.data = data;
  }
}

/** Bad command-line use: unknown format, malformed option value. Exit 2. */
export class UsageError extends CredsweepError {}

/** A configuration or rule file that is invalid. Exit 2. */
export class ConfigError extends CredsweepError {}

/** A rule that does not load or compile. Exit 2. */
export class RuleError extends CredsweepError {}

/** A target that cannot be read at all (not found, not a repository). Exit 2. */
export class SourceError extends CredsweepError {}

/** A git object or structure that is damaged or missing. A scan issue; exit 3 if it ends a command. */
export class GitError extends CredsweepError {}

/**
 * Not a failure: the run stops before starting threads, to be started again in a process with
 * glibc's arena limit (scan/thread-start.ts). Whatever turns a target's errors into issues passes
 * this one on.
 */
export class StartAgainWithArenaLimit extends Error {
  constructor() {
    super('the scan is to start again in a process with the malloc arena limit');
    this.name = 'StartAgainWithArenaLimit';
  }
}

/** True for errors credsweep raised on purpose (by brand, so Node's ENOENT errors are not). */
export function isCredsweepError(value: unknown): value is CredsweepError {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

/** The exit code for an error that ends a command. */
export function exitCodeFor(err: CredsweepError): ExitCode {
  return describeCode(err.code).exit;
}
