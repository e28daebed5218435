// Long lists in a report: a repository with hundreds of refs or commits would otherwise stretch a
// table cell or a sentence over pages. The first few are named and the rest counted.

/**
 * The distinct `items`, sorted, the first `max` named and the rest counted: "a, b, c and 12 more".
 * `total` is the full count when `items` is itself a cut-down list (findings list 20 refs at most).
 */
export function cappedList(items: Iterable<string>, max = 5, total = 0): string {
  const distinct = [...new Set(items)].sort();
  const count = Math.max(distinct.length, total);
  if (count <= max) return distinct.join(', ');
  return `${distinct.slice(0, max).join(', ')} and ${count - max} more`;
}
