// Private temporary folders (fetched repositories, unpacked bundles, S3 downloads) and files
// (outputs being written) hold what was scanned, secrets included. Each is removed when its work
// ends; the ones still there when the run is interrupted (Ctrl-C, a kill by a scheduler) are
// removed by the CLI's signal handler through this registry, rather than left in /tmp.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();

/** A new private folder in the system temp dir, named `prefix` plus random characters; registered. */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  live.add(dir);
  return dir;
}

/** Registers a temporary path made elsewhere (a file being written), to remove if interrupted. */
export function registerTemp(path: string): void {
  live.add(path);
}

/** Forgets a path once it is removed or renamed into place. */
export function forgetTemp(path: string): void {
  live.delete(path);
}

/** Removes every registered path still there; for a signal handler, so synchronous. */
export function removeAllTempSync(): void {
  for (const path of live) rmSync(path, { recursive: true, force: true });
  live.clear();
}
