// The positions of a pack index's entries in pack-offset order (what git keeps in a .rev file),
// which scan threads walk to read a pack front to back. Entries are dealt into 65,536 buckets,
// each a stretch of the pack, written straight into the shared result, and each bucket (a few
// entries) is then sorted in place: nothing is allocated but the result and the bucket counts.
// Sorting (offset, position) pairs packed into doubles needed the decoded offsets and the keys,
// 16 bytes an entry, which the coordinating thread, idle during the scan, kept until its next
// collection (on 1,000,000 objects, 15 MiB for most of the scan; benchmarks/RESULTS.md, issue 18).

const BUCKETS = 1 << 16;
/** Buckets up to this many entries are sorted by insertion over their offsets; larger ones by a native sort. */
const SMALL = 64;

/**
 * Positions 0..count-1 ordered by `offsetAt(position)` (distinct whole numbers below 2^53), in
 * shared memory so every scan thread can be handed the same order.
 */
export function orderByOffset(count: number, offsetAt: (position: number) => number): Uint32Array {
  const positions = new Uint32Array(new SharedArrayBuffer(count * 4));
  let max = 0;
  for (let i = 0; i < count; i++) max = Math.max(max, offsetAt(i));
  // Each bucket spans `width` bytes of pack, so a bucket holds at most `width` entries.
  const width = Math.max(1, Math.ceil((max + 1) / BUCKETS));
  const ends = new Uint32Array(BUCKETS);
  for (let i = 0; i < count; i++) ends[Math.floor(offsetAt(i) / width)]!++;
  let sum = 0;
  for (let b = 0; b < BUCKETS; b++) {
    sum += ends[b] as number;
    ends[b] = sum;
  }
  // Dealt from the back, so each bucket's cursor ends at the bucket's start.
  const cursors = ends.slice();
  for (let i = count - 1; i >= 0; i--) positions[--cursors[Math.floor(offsetAt(i) / width)]!] = i;
  const keys = new Float64Array(SMALL);
  for (let b = 0, start = 0; b < BUCKETS; start = ends[b++] as number) sortRun(positions, start, ends[b] as number, offsetAt, keys);
  return positions;
}

/** Sorts `positions[from, to)` by offset; `keys` is scratch for a short run. */
function sortRun(positions: Uint32Array, from: number, to: number, offsetAt: (position: number) => number, keys: Float64Array): void {
  const n = to - from;
  if (n < 2) return;
  if (n > keys.length) {
    positions.subarray(from, to).sort((a, b) => offsetAt(a) - offsetAt(b));
    return;
  }
  for (let i = 0; i < n; i++) keys[i] = offsetAt(positions[from + i] as number);
  for (let i = 1; i < n; i++) {
    const key = keys[i] as number;
    const position = positions[from + i] as number;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as number) > key; j--) {
      keys[j + 1] = keys[j] as number;
      positions[from + j + 1] = positions[from + j] as number;
    }
    keys[j + 1] = key;
    positions[from + j + 1] = position;
  }
}
