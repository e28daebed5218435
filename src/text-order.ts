// Text put in order (findings, targets, ref names) is compared by UTF-16 code unit, not with
// localeCompare: the order is then the same on every machine, whatever its locale, and a run does
// not load ICU's collation data, whose first use costs some 10-14 ms (a --state rerun that carries
// two findings, a pre-commit hook that stops a commit for two).

/** -1, 0 or 1 as `a` sorts before, with or after `b`, by code unit. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
