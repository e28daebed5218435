// `--shard I/N`: splits the repositories of a sweep across machines (an AWS Batch array job, a
// Step Functions Distributed Map, a CI matrix) deterministically: a repository belongs to the shard
// its name hashes to, the same on every machine and every night, whatever the listing order.
import { createHash } from 'node:crypto';

/** One shard of N (1-based index). */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `I/N` with 1 <= I <= N, or returns null. */
export function parseShard(text: string): Shard | null {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : null;
}

/** Whether the repository named `target` belongs to `shard`. */
export function inShard(target: string, shard: Shard): boolean {
  const n = createHash('sha256').update(target).digest().readUInt32BE(0);
  return n % shard.count === shard.index - 1;
}
