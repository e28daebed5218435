// Every error credsweep raises on purpose carries a stable `code`; tests assert codes, not
// messages, and the CLI maps codes to exit codes (see exitCodeFor in src/cli/exit-code.ts).

/** Base of every deliberate error. `data` holds the facts the message was built from. */
export class CredsweepError extends Error {
  readonly code: string;
  readonly data: Record<string, unknown>;

  constructor(code: string, message: string, data: Record<string, unknown> = {}) {
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

/** A git object or structure that is damaged or missing. Reported as a scan issue (exit 3). */
export class GitError extends CredsweepError {}

/** Type guard that works on errors coming back from worker threads as plain objects too. */
export function isCredsweepError(value: unknown): value is CredsweepError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
