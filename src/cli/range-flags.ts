// Turns --since-commit, --log-opts and --pre-push into the `git log` revision lists to scan.
// Exactly one way of choosing commits may be given, and none of them goes with --staged.
import { text } from 'node:stream/consumers';
import { UsageError } from '../errors.js';
import { parseLogOpts, pushRevisions } from '../sources/commit-range/commit-range-source.js';

/** The flags that choose commits. */
export interface RangeFlags {
  sinceCommit?: string;
  logOpts?: string;
  prePush?: boolean;
  staged?: boolean;
}

/** The revision lists to scan, or undefined when no range was asked for. */
export async function resolveRevisionSets(flags: RangeFlags, stdin: () => NodeJS.ReadableStream): Promise<string[][] | undefined> {
  const given = [
    flags.sinceCommit !== undefined && '--since-commit',
    flags.logOpts !== undefined && '--log-opts',
    flags.prePush && '--pre-push',
    flags.staged && '--staged',
  ].filter((x): x is string => typeof x === 'string');
  if (given.length > 1) throw new UsageError('USAGE_CONFLICT', `${given.join(' and ')} cannot be used together`, { given });
  if (flags.sinceCommit !== undefined) {
    if (flags.sinceCommit.startsWith('-'))
      throw new UsageError('USAGE_BAD_REV', `--since-commit ${flags.sinceCommit}: expected a commit`, {});
    return [[`${flags.sinceCommit}..HEAD`]];
  }
  if (flags.logOpts !== undefined) return [parseLogOpts(flags.logOpts)];
  if (flags.prePush) {
    // The pre-commit framework runs pre-push hooks with the range in its environment instead.
    const from = process.env.PRE_COMMIT_FROM_REF;
    const to = process.env.PRE_COMMIT_TO_REF;
    if (from && to) return [[`${from}..${to}`]];
    // Run by the framework at any other stage there is no push to scan: passing would protect nothing.
    if (process.env.PRE_COMMIT === '1') {
      throw new UsageError(
        'USAGE_PRE_PUSH_STAGE',
        'the credsweep-pre-push hook ran outside a push (pre-commit gave no PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF): give it `stages: [pre-push]` in .pre-commit-config.yaml (`[push]` before pre-commit 3.2) and run `pre-commit install --hook-type pre-push`',
        {},
      );
    }
    // git gives the pre-push hook one line per ref: <local ref> <local sha> <remote ref> <remote sha>.
    const lines = (await text(stdin())).split('\n').filter((l) => l.trim() !== '');
    return lines.map(pushRevisions).filter((r): r is string[] => r !== null);
  }
  return undefined;
}
