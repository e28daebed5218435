// Writing the files we are asked for (reports, manifests, sweep state, baselines) so that nothing
// else is touched. A scanned clone may hold a symlink where an output is expected (`findings.json`
// pointing at ~/.bashrc): the text goes to a temporary file created exclusively beside it (O_EXCL
// never follows a link) and is renamed over the name, which replaces the link itself, so neither
// the write nor the mode reaches the file it pointed at. The rename also makes the write atomic:
// a kill or a full disk leaves the old file whole, never an empty or cut one. A path that is a
// stream the user named on purpose (/dev/null, /dev/stdout, a FIFO) is written through as is.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { forgetTemp, registerTemp } from '../sources/temp-dirs.js';

// A stream, not a file to replace: written through, and its mode left alone.
async function streamKind(file: string): Promise<'fifo' | 'other' | null> {
  try {
    const info = await stat(file);
    if (info.isFile() || info.isDirectory()) return null;
    return info.isFIFO() ? 'fifo' : 'other';
  } catch {
    return null;
  }
}

// Opening a FIFO for writing waits for a reader for ever: a FIFO planted where an output is
// expected would hang the run. A non-blocking open fails at once (ENXIO) when nobody reads it.
async function checkFifoHasReader(file: string): Promise<void> {
  const probe = await open(file, constants.O_WRONLY | constants.O_NONBLOCK);
  await probe.close();
}

/**
 * Writes `text` to `file`, created with `mode` (0600 unless said), atomically and without
 * following a symlink at `file`; throws the system error.
 */
export async function writeFileSafely(file: string, text: string, mode = 0o600): Promise<void> {
  const stream = await streamKind(file);
  if (stream !== null) {
    if (stream === 'fifo') await checkFifoHasReader(file);
    const handle = await open(file, constants.O_WRONLY | constants.O_APPEND);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return;
  }
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), mode);
  registerTemp(temporary);
  try {
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (err) {
    await unlink(temporary).catch(() => undefined);
    throw err;
  } finally {
    forgetTemp(temporary);
  }
}
