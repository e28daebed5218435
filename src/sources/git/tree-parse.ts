// Tree entries as strings, for the callers that need names and hex ids (file-name rules, the
// sweep state's reachability walk, the completeness check). The bytes are walked by RawTreeCursor
// (raw-tree.ts), the reader provenance uses in place; this only makes the strings.

import { isUtf8 } from 'node:buffer';
import { kindOfMode, RawTreeCursor, type TreeEntryKind } from './raw-tree.js';

export { kindOfMode, type TreeEntryKind };

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
  const at = new RawTreeCursor(data, oidBytes);
  while (at.next()) {
    const common = COMMON_MODES.get(at.mode);
    const modeEnd = at.nameStart - 1;
    entries.push({
      // A zero-padded `040000` is kept as written, hence the length check.
      mode: common !== undefined && common.length === modeEnd - at.entryStart ? common : data.toString('latin1', at.entryStart, modeEnd),
      name: decodeTreeName(data, at.nameStart, at.nameEnd),
      oid: data.toString('hex', at.oidStart, at.oidStart + oidBytes),
      kind: at.kind,
    });
  }
  return entries;
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
