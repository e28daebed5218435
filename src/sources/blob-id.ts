// Content ids for blobs that do not come from git. They are computed exactly as git names a blob
// object, so the same bytes get the same id whether they were read from disk, stdin, or a pack:
// a secret found in a working tree and in history is then one blob, scanned once.
import { createHash } from 'node:crypto';

/** Returns git's object id for `data` as a blob: sha1 of `blob <length>\0` followed by the bytes. */
export function blobId(data: Uint8Array): string {
  return createHash('sha1').update(`blob ${data.byteLength}\0`).update(data).digest('hex');
}
