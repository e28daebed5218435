// Every file a run will write (-o, --report, --manifest, --state) is checked before the scan
// starts: a folder that does not exist or cannot be written is found out in a second, not after
// a long scan whose results would then be lost. Nothing is created here; only checked.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { isS3Target } from '../sources/s3/s3-target.js';

/** One destination: the flag that named it and the path (undefined when the flag was not given). */
export interface OutputDestination {
  flag: string;
  file: string | undefined;
}

function fail(flag: string, file: string, why: string): never {
  throw new UsageError('USAGE_OUTPUT', `${flag} ${file}: ${why}; nothing was scanned`, { flag, file });
}

function checkOne(flag: string, file: string): void {
  const full = resolve(file);
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(full);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') fail(flag, file, (err as Error).message);
  }
  if (existing?.isDirectory()) fail(flag, file, 'is a folder, not a file');
  if (existing !== undefined) {
    try {
      accessSync(full, constants.W_OK);
    } catch {
      fail(flag, file, 'exists and cannot be written');
    }
    return;
  }
  const folder = dirname(full);
  let parent: ReturnType<typeof statSync>;
  try {
    parent = statSync(folder);
  } catch {
    fail(flag, file, `folder ${dirname(file)} does not exist`);
  }
  if (!parent.isDirectory()) fail(flag, file, `${dirname(file)} is not a folder`);
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch {
    fail(flag, file, `folder ${dirname(file)} cannot be written`);
  }
}

/** Throws a UsageError (exit 2) naming the first destination that cannot be written. `-` is stdout. */
export function checkOutputs(destinations: OutputDestination[]): void {
  for (const { flag, file } of destinations) {
    if (file === undefined || file === '-' || isS3Target(file)) continue;
    checkOne(flag, file);
  }
}
