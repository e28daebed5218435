import { describe, expect, it } from 'vitest';
import { inShard, parseShard } from '../../src/sources/shard.js';

describe('shards', () => {
  it('parse I/N with 1 <= I <= N', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('0/3')).toBeNull();
    expect(parseShard('4/3')).toBeNull();
    expect(parseShard('a/b')).toBeNull();
  });

  it('put every repository in exactly one shard, the same way every time', () => {
    const names = Array.from({ length: 200 }, (_, i) => `codecommit://eu-west-1/repo-${i}`);
    const shards = [1, 2, 3].map((index) => names.filter((n) => inShard(n, { index, count: 3 })));
    expect(shards.flat().sort()).toEqual([...names].sort());
    for (const s of shards) expect(s.length).toBeGreaterThan(40);
    expect(names.filter((n) => inShard(n, { index: 2, count: 3 }))).toEqual(shards[1]);
  });
});
