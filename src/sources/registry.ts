// Every kind of target credsweep reads, in the order a target is offered to them: the first
// source that claims it reads it. Flags that change what every target means (--staged, a commit
// range) come first; the files source, which claims any path that exists, comes last.
// Adding a source: a folder under sources/ that exports a Source, and one line here. A source's
// claim module imports its reader only inside read(): a pre-commit hook then loads the staged
// reader alone, not the history, remote, S3 and archive machinery.
import { SourceError } from '../errors.js';
import { bundleSource } from './bundle/bundle.js';
import { codecommitSource } from './codecommit/codecommit.js';
import { commitRangeSource } from './commit-range/commit-range.js';
import { filesSource } from './files/files.js';
import { gitHistorySource } from './git-history/git-history.js';
import { remoteSource } from './remote/remote.js';
import { s3Source } from './s3/s3.js';
import type { ClaimedTarget, Source, SourceOptions } from './source.js';
import { stagedSource } from './staged/staged.js';
import { stdinSource } from './stdin/stdin.js';

export const SOURCES: readonly Source[] = [
  stagedSource,
  commitRangeSource,
  stdinSource,
  remoteSource,
  s3Source,
  codecommitSource,
  bundleSource,
  gitHistorySource,
  filesSource,
];

/** The first of `sources` that claims `target`; throws when a claiming source finds it unusable, or none claims it. */
export async function planTarget(target: string, options: SourceOptions, sources: readonly Source[] = SOURCES): Promise<ClaimedTarget> {
  for (const source of sources) {
    const claimed = await source.claim(target, options);
    if (claimed !== null) return claimed;
  }
  throw new SourceError('SOURCE_NOT_FOUND', `no source reads target ${target}`, { target });
}
