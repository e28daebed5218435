// A small deterministic generator (xorshift32) for tests that make many cases: a failure names
// the seed that reproduces it.

/** Numbers in [0, 1) from `seed`, the same sequence every run. */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
