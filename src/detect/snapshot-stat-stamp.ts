// Checking the rule snapshot against the detector files by content means reading all 700+ of
// them on every start: some 20 CPU-ms, most of it system calls, in a pre-commit hook that has
// little more to spend. So once the content is known to match (at build, or on the first start of an install),
// each file's size, inode and change time are recorded beside the snapshot, as git's index does
// for the work tree. A later start that finds the same stat for every file trusts the snapshot
// without reading any; anything else (an edit, a checkout, a restore with its old date, a file
// added or removed, another machine) goes back to comparing content. The change time cannot be
// set back by touch or utimes, so an edit that keeps the size and date is still seen.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface StatStamp {
  /** Which snapshot the stats vouch for: a hash of its list of files and content hashes. */
  snapshot: string;
  /** When the stamp was taken (ns since the epoch): a change in its last moments could hide. */
  takenNs: string;
  /** One key per file, in the snapshot's file order. */
  keys: string[];
}

// A file system that keeps whole seconds cannot tell a file changed in the second of its stat
// from one that was not: such a file is trusted only if it was older than the stamp by this much.
const RACY_NS = 2_000_000_000n;

function settled(ctimeNs: bigint, takenNs: bigint): boolean {
  return ctimeNs % 1_000_000_000n !== 0n || ctimeNs < takenNs - RACY_NS;
}

function statKey(path: string): { key: string; ctimeNs: bigint } {
  const s = statSync(path, { bigint: true });
  return { key: `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, ctimeNs: s.ctimeNs };
}

/** The file beside `snapshotFile` that holds its stat stamp. */
export function statStampFile(snapshotFile: string): string {
  return snapshotFile.replace(/(\.json)?$/, '.stat.json');
}

/** An id for a snapshot's list of files and their content hashes. */
export function snapshotId(files: readonly { name: string; sha256: string }[]): string {
  return createHash('sha256').update(JSON.stringify(files)).digest('hex');
}

/** The current stat keys of `names` in `dir`, taken before their content is compared. */
export function takeStatStamp(dir: string, names: readonly string[], id: string): StatStamp {
  const takenNs = BigInt(Date.now()) * 1_000_000n;
  return { snapshot: id, takenNs: String(takenNs), keys: names.map((name) => statKey(join(dir, name)).key) };
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

/** Whether every file of `names` in `dir` still has the stat recorded for snapshot `id`. */
export function statStampMatches(stampFile: string, dir: string, names: readonly string[], id: string): boolean {
  let stamp: StatStamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as StatStamp;
  } catch {
    return false;
  }
  if (stamp.snapshot !== id || !Array.isArray(stamp.keys) || stamp.keys.length !== names.length) return false;
  let takenNs: bigint;
  try {
    takenNs = BigInt(stamp.takenNs);
  } catch {
    return false;
  }
  return names.every((name, i) => {
    let now: { key: string; ctimeNs: bigint };
    try {
      now = statKey(join(dir, name));
    } catch {
      return false;
    }
    return now.key === stamp.keys[i] && settled(now.ctimeNs, takenNs);
  });
}
