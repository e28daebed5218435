// Shannon entropy separates random-looking secrets from words and placeholders that happen to
// fit a pattern ("password = changeme"); rules gate on it with `minEntropy`.

/**
 * Shannon entropy of `text` in bits per character, counting Unicode code points (so a
 * non-ASCII character is one symbol, not two UTF-16 halves). 0 for the empty string.
 */
export function computeEntropy(text: string): number {
  const counts = new Map<number, number>();
  let total = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    counts.set(cp, (counts.get(cp) ?? 0) + 1);
    total++;
  }
  if (total === 0) return 0;
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / total;
    bits -= p * Math.log2(p);
  }
  return bits;
}
