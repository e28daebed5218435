// Reports hold secrets (ids, redacted or not, and commit metadata), so a file we write is
// created 0600 and an existing one is narrowed to 0600 before it is rewritten.
import { chmod, open } from 'node:fs/promises';
import { UsageError } from '../errors.js';

/** Writes `text` to `file` with mode 0600, or to stdout when `file` is undefined or `-`. */
export async function writeOutput(text: string, file: string | undefined): Promise<void> {
  if (file === undefined || file === '-') {
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(text, (err) => (err ? reject(err) : resolve())),
    );
    return;
  }
  try {
    const handle = await open(file, 'w', 0o600);
    try {
      if (file !== '/dev/null') await chmod(file, 0o600);
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new UsageError('USAGE_OUTPUT', `cannot write ${file}: ${(err as Error).message}`, { file });
  }
}
