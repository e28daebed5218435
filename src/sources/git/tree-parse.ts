// Tree parsing is on the hot path of provenance (every changed tree of every commit), so it
// scans bytes by hand, reuses constant strings for the usual modes and decodes ASCII names
// with the cheap latin1 decoder.

import { isUtf8 } from 'node:buffer';
import { GitError } from '../../errors.js';

/** What a tree entry points at: a file, a subdirectory, a submodule commit, or a symlink. */
export type TreeEntryKind = 'blob' | 'tree' | 'commit' | 'link';

/** One entry of a tree object. */
export interface TreeEntry {
  /** Octal mode as written, e.g. `100644`, `40000`. */
  mode: string;
  /**
   * File name. Valid UTF-8 is decoded; a name that is not valid UTF-8 keeps its ASCII bytes and
   * writes every other byte as `\xNN`, so distinct raw names stay distinct and printable.
   */
  name: string;
  /** Hex oid of the entry's object. */
  oid: string;
  kind: TreeEntryKind;
}

const SPACE = 0x20;
const DIGIT_0 = 0x30;
const DIGIT_7 = 0x37;
const TYPE_MASK = 0o170000;
const COMMON_MODES = new Map<number, string>([
  [0o100644, '100644'],
  [0o100755, '100755'],
  [0o40000, '40000'],
  [0o120000, '120000'],
  [0o160000, '160000'],
]);

/** Parses a tree object's body; throws GitError `GIT_CORRUPT_OBJECT` on a truncated or malformed entry. */
export function parseTree(data: Buffer, oidBytes = 20): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const end = data.length;
  let pos = 0;
  while (pos < end) {
    let mode = 0;
    let i = pos;
    for (; i < end; i++) {
      const c = data[i] as number;
      if (c === SPACE) break;
      if (c < DIGIT_0 || c > DIGIT_7) throw corrupt(`bad mode byte ${c} at offset ${i}`);
      mode = mode * 8 + (c - DIGIT_0);
    }
    if (i >= end || i === pos) throw corrupt(`truncated entry at offset ${pos}`);
    const modeEnd = i;
    const nameStart = i + 1;
    for (i = nameStart; i < end; i++) if (data[i] === 0) break;
    const oidStart = i + 1;
    if (i >= end || oidStart + oidBytes > end) throw corrupt(`truncated entry at offset ${pos}`);
    const common = COMMON_MODES.get(mode);
    entries.push({
      // A zero-padded `040000` is kept as written, hence the length check.
      mode: common !== undefined && common.length === modeEnd - pos ? common : data.toString('latin1', pos, modeEnd),
      name: decodeTreeName(data, nameStart, i),
      oid: data.toString('hex', oidStart, oidStart + oidBytes),
      kind: kindOfMode(mode),
    });
    pos = oidStart + oidBytes;
  }
  return entries;
}

/** Classifies a tree entry mode the way git does: by its file-type bits only. */
export function kindOfMode(mode: number): TreeEntryKind {
  switch (mode & TYPE_MASK) {
    case 0o040000:
      return 'tree';
    case 0o120000:
      return 'link';
    case 0o160000:
      return 'commit';
    default:
      return 'blob';
  }
}

/** Decodes the name at `start..end` of a tree's bytes as {@link TreeEntry.name} says. */
export function decodeTreeName(data: Buffer, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if ((data[i] as number) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return data.toString('latin1', start, end);
  const raw = data.subarray(start, end);
  if (isUtf8(raw)) return raw.toString('utf8');
  let out = '';
  for (const c of raw) out += c < 0x80 ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  return out;
}

function corrupt(message: string): GitError {
  return new GitError('GIT_CORRUPT_OBJECT', `tree: ${message}`);
}
