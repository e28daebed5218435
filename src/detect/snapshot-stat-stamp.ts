// Checking the rule snapshot against the detector files by content means reading all 700+ of
// them on every start: some 20 CPU-ms, most of it system calls, in a pre-commit hook that has
// little more to spend. So once the content is known to match (at build, or on the first start of an install),
// each file's size, inode and change time are recorded beside the snapshot, as git's index does
// for the work tree. A later start that finds the same stat for every file trusts the snapshot
// without reading any; anything else (an edit, a checkout, a restore with its old date, a file
// added or removed, another machine) goes back to comparing content. The change time cannot be
// set back by touch or utimes, so an edit that keeps the size and date is still seen.
// Stats are taken as numbers, not BigInts (times to a fraction of a microsecond): a BigInt stat of
// each of 700+ files, its dates and its key cost a checkout's start some 3 ms more.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { sep } from 'node:path';

interface StatStamp {
  /** Which snapshot the stats vouch for: a hash of its list of files and content hashes. */
  snapshot: string;
  /** The folder's own stat key, taken before it was listed: it vouches for the listing. */
  folder: string;
  /** When the stamp was taken (ms since the epoch): a change in its last moments could hide. */
  takenMs: number;
  /** One key per file, in the snapshot's file order. */
  keys: string[];
}

// A file system that keeps whole seconds cannot tell a file changed in the second of its stat
// from one that was not: such a file is trusted only if it was older than the stamp by this much.
const RACY_MS = 2000;

function settled(ctimeMs: number, takenMs: number): boolean {
  return ctimeMs % 1000 !== 0 || ctimeMs < takenMs - RACY_MS;
}

// `dir` with a separator at its end, so a file's path is a concatenation (path.join normalizes
// every path it makes, a third of the cost of 700 stats).
function folderPrefix(dir: string): string {
  return dir.endsWith(sep) ? dir : dir + sep;
}

function statKey(path: string): { key: string; ctimeMs: number } {
  const s = statSync(path);
  return { key: `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`, ctimeMs: s.ctimeMs };
}

/** The file beside `snapshotFile` that holds its stat stamp. */
export function statStampFile(snapshotFile: string): string {
  return snapshotFile.replace(/(\.json)?$/, '.stat.json');
}

/** An id for a snapshot's list of files and their content hashes. */
export function snapshotId(files: readonly { name: string; sha256: string }[]): string {
  return createHash('sha256').update(JSON.stringify(files)).digest('hex');
}

/** The stat key of folder `dir`: take it before listing the folder. */
export function folderStatKey(dir: string): string {
  return statKey(dir).key;
}

/**
 * The current stat keys of `names` in `dir` (listed after its key `folder` was taken), taken
 * before their content is compared.
 */
export function takeStatStamp(dir: string, folder: string, names: readonly string[], id: string): StatStamp {
  const prefix = folderPrefix(dir);
  const takenMs = Date.now();
  return { snapshot: id, folder, takenMs, keys: names.map((name) => statKey(prefix + name).key) };
}

/** Records `stamp` (best effort: a read-only install just keeps comparing content). */
export function writeStatStamp(stampFile: string, stamp: StatStamp): void {
  try {
    // Written aside and renamed, so a start reading it meanwhile sees the old stamp or the new.
    const temp = `${stampFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(stamp));
    renameSync(temp, stampFile);
  } catch {
    // The stamp only saves time.
  }
}

/**
 * Whether folder `dir` and every file of `names` in it still have the stats recorded for
 * snapshot `id` (the folder's stat vouches that `names`, the stamp's listing, is still its own).
 */
export function statStampMatches(stampFile: string, dir: string, names: readonly string[], id: string): boolean {
  let stamp: StatStamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as StatStamp;
  } catch {
    return false;
  }
  const { takenMs } = stamp;
  if (stamp.snapshot !== id || !Array.isArray(stamp.keys) || stamp.keys.length !== names.length || typeof takenMs !== 'number') {
    return false;
  }
  try {
    const folder = statKey(dir);
    if (folder.key !== stamp.folder || !settled(folder.ctimeMs, takenMs)) return false;
  } catch {
    return false;
  }
  const prefix = folderPrefix(dir);
  return names.every((name, i) => {
    let now: { key: string; ctimeMs: number };
    try {
      now = statKey(prefix + name);
    } catch {
      return false;
    }
    return now.key === stamp.keys[i] && settled(now.ctimeMs, takenMs);
  });
}
