// Redaction: reports end up in CI logs, tickets and chat, so a secret is printed only as a
// short prefix and suffix a responder can recognise it by, never whole. AWS access key ids are
// identifiers (they name a key, they grant nothing) and are what a responder searches IAM for,
// so they are shown whole.
import { isAccessKeyId } from '../aws-key-id.js';
import type { Finding, ReportOptions } from '../types.js';

/** Joins the kept prefix and suffix of a redacted secret. */
export const REDACTION_JOINER = '…';

/** What a secret too short to show any of becomes; fixed, so its length is not revealed either. */
export const FULL_MASK = '*****';

/** Shorter secrets are masked whole: 1/3 of a 7-character password is no hint, it is a clue. */
const MIN_PARTIAL_LENGTH = 8;

/** Characters kept at each end at most; with 2*4 kept, a 24-character secret reveals exactly 1/3. */
const MAX_KEPT_PER_SIDE = 4;

/** True when the secret is an AWS access key id, which reports show whole. */
export function isAwsKeyId(secret: string, ruleId: string): boolean {
  return ruleId.startsWith('aws.access-key-id') || isAccessKeyId(secret);
}

/**
 * The secret as reports print it: e.g. `wJal…3vW9` for a 40-character key, at most a third of
 * its characters and at most 4 at each end; secrets under 8 characters are fully masked.
 */
export function redactSecret(secret: string, ruleId: string): string {
  if (isAwsKeyId(secret, ruleId)) return secret;
  // Code points, not UTF-16 units, so a kept end never splits a surrogate pair.
  const chars = Array.from(secret);
  if (chars.length < MIN_PARTIAL_LENGTH) return FULL_MASK;
  const kept = Math.min(MAX_KEPT_PER_SIDE, Math.floor(chars.length / 6));
  return chars.slice(0, kept).join('') + REDACTION_JOINER + chars.slice(chars.length - kept).join('');
}

/** A secret to hide inside a snippet, with the text that replaces it. */
interface SnippetSecret {
  secret: string;
  replacement: string;
}

/**
 * Replaces every stretch of `snippet` that is a piece of one of the secrets with that secret's
 * redacted form. Pieces, not only whole occurrences: a snippet is one line trimmed to 200
 * characters, so a long or multi-line secret (a private key, a JWT) is only partly in it.
 */
export function redactSnippet(snippet: string, secrets: readonly SnippetSecret[]): string {
  const ranges: Array<[number, number, string]> = [];
  for (const { secret, replacement } of secrets) {
    if (secret.length === 0) continue;
    // Below 8 characters only a whole occurrence is the secret; above, any 8-character piece is.
    const minPiece = Math.min(MIN_PARTIAL_LENGTH, secret.length);
    let i = 0;
    while (i + minPiece <= snippet.length) {
      if (!secret.includes(snippet.slice(i, i + minPiece))) {
        i++;
        continue;
      }
      let end = i + minPiece;
      while (end < snippet.length && secret.includes(snippet.slice(i, end + 1))) end++;
      ranges.push([i, end, replacement]);
      i = end;
    }
  }
  if (ranges.length === 0) return snippet;
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let pos = 0;
  for (const [start, end, replacement] of ranges) {
    if (end <= pos) continue;
    // Overlapping ranges of two secrets merge into one masked stretch.
    if (start < pos) {
      pos = end;
      continue;
    }
    out += snippet.slice(pos, start) + replacement;
    pos = end;
  }
  return out + snippet.slice(pos);
}

/**
 * The finding as reports print it: secret and snippet redacted unless `showSecrets`.
 * `nearbySecrets` are other findings' secrets from the same blob, masked in the snippet too,
 * since one line often holds a key id and its secret key side by side.
 */
export function presentFinding(
  finding: Finding,
  options: Pick<ReportOptions, 'showSecrets'>,
  nearbySecrets: ReadonlyArray<{ secret: string; rule: string }> = [],
): Finding {
  if (options.showSecrets) return finding;
  // Intelligence (an account id, a hostname) grants nothing and is what the reader needs to see.
  const isSecret = finding.kind === 'secret';
  const hidden: SnippetSecret[] = [];
  const token = finding.sessionToken === undefined ? [] : [{ secret: finding.sessionToken, rule: 'aws.session-token' }];
  for (const s of [...(isSecret ? [{ secret: finding.secret, rule: finding.rule }] : []), ...token, ...nearbySecrets]) {
    if (!isAwsKeyId(s.secret, s.rule)) hidden.push({ secret: s.secret, replacement: redactSecret(s.secret, s.rule) });
  }
  return {
    ...finding,
    // An intel value is shown whole, but never a secret found in it (a URL with a password).
    secret: isSecret ? redactSecret(finding.secret, finding.rule) : redactSnippet(finding.secret, hidden),
    snippet: redactSnippet(finding.snippet, hidden),
    ...(finding.sessionToken === undefined ? {} : { sessionToken: redactSecret(finding.sessionToken, 'aws.session-token') }),
  };
}

/** Every finding as reports print it, each snippet also hiding the other secrets of its blob. */
export function presentFindings(findings: readonly Finding[], options: Pick<ReportOptions, 'showSecrets'>): Finding[] {
  if (options.showSecrets) return [...findings];
  const byBlob = new Map<string, Array<{ secret: string; rule: string }>>();
  for (const f of findings) {
    if (f.kind !== 'secret') continue;
    for (const blob of new Set(f.occurrences.map((o) => o.blob))) {
      const list = byBlob.get(blob) ?? [];
      list.push({ secret: f.secret, rule: f.rule });
      if (f.sessionToken !== undefined) list.push({ secret: f.sessionToken, rule: 'aws.session-token' });
      byBlob.set(blob, list);
    }
  }
  return findings.map((f) => {
    const firstBlob = f.occurrences[0]?.blob;
    const nearby = (firstBlob === undefined ? [] : (byBlob.get(firstBlob) ?? [])).filter((s) => s.secret !== f.secret);
    return presentFinding(f, options, nearby);
  });
}
