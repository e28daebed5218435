// Reports hold secrets (ids, redacted or not, and commit metadata), so a file we write is
// created 0600, atomically, and never through a symlink a scanned clone may have planted
// (config/private-file.ts); a file we did not create is never chmod-ed.
import { writeFileSafely } from '../config/private-file.js';
import { UsageError } from '../errors.js';

/** Writes `text` to `file` with mode 0600, or to stdout when `file` is undefined or `-`. */
export async function writeOutput(text: string, file: string | undefined): Promise<void> {
  if (file === undefined || file === '-') {
    await new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
    return;
  }
  try {
    await writeFileSafely(file, text);
  } catch (err) {
    throw new UsageError('USAGE_OUTPUT', `cannot write ${file}: ${(err as Error).message}`, { file });
  }
}
