// What the archive walker yields, flattened for assertions, and the small limits the walker tests use.
import type { ArchiveItem, ArchiveLimits } from '../../src/sources/archive/archive-walk.js';

export const TEST_LIMITS: ArchiveLimits = {
  maxDepth: 4,
  maxExpandedBytes: 64 * 1024 * 1024,
  maxEntries: 1000,
  maxBlobSize: 1024 * 1024,
  maxNestedSize: 8 * 1024 * 1024,
};

/** Each item as [kind or issue code, path, content or message]. */
export async function walkItems(walk: AsyncGenerator<ArchiveItem>): Promise<Array<[string, string, string]>> {
  const out: Array<[string, string, string]> = [];
  for await (const item of walk) {
    if (item.kind === 'file') out.push(['file', item.path, item.data.toString('utf8')]);
    else if (item.kind === 'too-large') out.push(['too-large', item.path, '']);
    else if (item.kind === 'binary') out.push(['binary', item.path, '']);
    else if (item.kind === 'bundle') out.push(['bundle', item.path, item.data.subarray(0, 15).toString('latin1')]);
    else out.push([item.code, item.path, item.message]);
  }
  return out;
}
