// Reading one blob of a staged change or a commit range: a blob over the size limit is counted as
// skipped, one that cannot be read becomes an issue naming where it was met, and the scan goes on.
import { isCredsweepError } from '../errors.js';
import { isSkippedBlob } from './git/object-limits.js';
import type { ScanContext } from './run-context.js';

/** The blob `read` returns, or null when it was skipped (counted) or unreadable (an issue "WHERE could not be read"). */
export function readChangedBlob(
  read: () => Uint8Array,
  ctx: ScanContext,
  f: { oid: string; path: string },
  where: string,
): Uint8Array | null {
  try {
    return read();
  } catch (err) {
    if (isSkippedBlob(err)) {
      ctx.counters.skippedTooLarge++;
      return null;
    }
    if (!isCredsweepError(err)) throw err;
    ctx.issues.push({ code: err.code, message: `${where} could not be read: ${err.message}`, object: f.oid, path: f.path });
    return null;
  }
}
