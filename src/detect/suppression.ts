// Inline suppression: a line that carries one of these markers is a deliberate, reviewed
// exception. Markers of other scanners are honoured too, so a repository that already annotated
// its fixtures for gitleaks, trufflehog or detect-secrets needs no second round of comments.

/** Markers that suppress every match on their line. */
export const SUPPRESSION_MARKERS: readonly string[] = [
  'credsweep:allow',
  'gitleaks:allow',
  'trufflehog:ignore',
  'pragma: allowlist secret',
];

const MARKER_BYTES = SUPPRESSION_MARKERS.map((m) => Buffer.from(m, 'utf8'));

/** Whether `buf[from, to)` (one or more whole lines) contains a suppression marker. */
export function hasSuppressionMarker(buf: Buffer, from: number, to: number): boolean {
  const region = buf.subarray(from, to);
  return MARKER_BYTES.some((m) => region.indexOf(m) !== -1);
}
