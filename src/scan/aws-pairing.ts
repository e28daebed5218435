// Pairs each AWS secret access key with the access key id it belongs to, so that one finding
// carries both halves (what verification and revocation need), attaches a temporary key's
// session token to its pair, and decides the fate of the unlabelled 40-character candidates,
// which are too common to report on their own.
//
// The evidence decides how sure a pair is (`pairConfidence`):
//   near   same blob, same block/object/profile/call (aws-nearness.ts)     high
//   file   same blob, further apart, no section header between             medium
//   commit another blob of a commit that introduced both                   medium
//   target anywhere else in the target, nearest in time: a candidate      low
// A key id is never dropped: where it sits in the blob of its pair, its line goes on the pair's
// occurrence; every other place stays its own identifier finding. A value a generic rule caught
// (`"secret": "..."` in Terraform state) becomes the AWS secret only when it sits near an id.
import type { Confidence, Match } from '../types.js';
import { AWS_KEY_ID_RULE } from './aws-nearness.js';
import type { BlobHit, TargetHits } from '../sources/source.js';
import { compareText } from '../text-order.js';

export { AWS_KEY_ID_RULE } from './aws-nearness.js';
export const AWS_SECRET_RULE = 'aws.secret-access-key';
export const AWS_UNLABELLED_SECRET_RULE = 'aws.secret-access-key-unlabelled';
export const AWS_SESSION_TOKEN_RULE = 'aws.session-token';

type Tier = 'near' | 'file' | 'commit' | 'target';
const TIER_CONFIDENCE: Record<Tier, Confidence> = { near: 'high', file: 'medium', commit: 'medium', target: 'low' };

const AWS_SECRET_SHAPE = /^[A-Za-z0-9/+]{40}$/;

/** What pairing needs to know of the loaded rules. */
export interface PairingRules {
  /** Whether a rule is loaded. */
  has(ruleId: string): boolean;
  /** Catch-alls (analyzer rules) whose match yields to a paired secret on the same bytes. */
  isCatchAll(ruleId: string): boolean;
  /** Generic assignment rules, whose 40-character value near a key id is that key's secret. */
  isFallback(ruleId: string): boolean;
}

interface Sighting {
  hit: BlobHit;
  match: Match;
  /** Earliest date among the blob's places (ISO), or null outside git. */
  date: string | null;
  /** A generic rule's match: paired only when near. */
  adopted: boolean;
}

interface Pair {
  id: Sighting;
  tier: Tier;
  /** The blob of the secret. */
  hit: BlobHit;
}

function earliestDate(hit: BlobHit): string | null {
  let best: string | null = null;
  for (const p of hit.places) if (p.date !== null && (best === null || p.date < best)) best = p.date;
  return best;
}

function dateDistance(a: string | null, b: string | null): number {
  if (a === null || b === null) return 0;
  return Math.abs(Date.parse(a) - Date.parse(b));
}

function collect(hits: TargetHits, rules: PairingRules): { ids: Sighting[]; secrets: Sighting[]; tokens: Sighting[] } {
  const ids: Sighting[] = [];
  const secrets: Sighting[] = [];
  const tokens: Sighting[] = [];
  for (const hit of hits.blobs) {
    const date = earliestDate(hit);
    const labelledStarts = new Set(hit.matches.filter((m) => m.ruleId === AWS_SECRET_RULE).map((m) => m.start));
    for (const match of hit.matches) {
      const s = { hit, match, date, adopted: false };
      if (match.ruleId === AWS_KEY_ID_RULE) ids.push(s);
      else if (match.ruleId === AWS_SECRET_RULE) secrets.push(s);
      else if (match.ruleId === AWS_SESSION_TOKEN_RULE) tokens.push(s);
      // The same value under a label is already a labelled candidate.
      else if (match.ruleId === AWS_UNLABELLED_SECRET_RULE && !labelledStarts.has(match.start)) secrets.push(s);
      else if (rules.isFallback(match.ruleId) && match.nearKeyIds && AWS_SECRET_SHAPE.test(match.secret))
        secrets.push({ ...s, adopted: true });
    }
  }
  return { ids, secrets, tokens };
}

const distance = (a: Match, b: Match) => Math.abs(a.start - b.start);

function nearestInBlob(secret: Sighting, idsOf: Map<BlobHit, Sighting[]>, accept: (id: Sighting) => boolean): Sighting | undefined {
  let best: Sighting | undefined;
  for (const id of idsOf.get(secret.hit) ?? []) {
    if (!accept(id)) continue;
    if (!best || distance(id.match, secret.match) < distance(best.match, secret.match)) best = id;
  }
  return best;
}

function commitsOf(hit: BlobHit): Set<string> {
  const out = new Set<string>();
  for (const p of hit.places) if (p.commit !== null) out.add(p.commit);
  return out;
}

function inSameCommit(secret: Sighting, ids: Sighting[]): Sighting | undefined {
  const commits = commitsOf(secret.hit);
  if (commits.size === 0) return undefined;
  return ids.find((id) => id.hit !== secret.hit && id.hit.places.some((p) => p.commit !== null && commits.has(p.commit)));
}

function nearestInTime<T extends Sighting>(to: Sighting, among: T[]): T | undefined {
  let best: T | undefined;
  for (const s of among) if (!best || dateDistance(s.date, to.date) < dateDistance(best.date, to.date)) best = s;
  return best;
}

// The strongest evidence for one secret, or none.
function bestPair(secret: Sighting, ids: Sighting[], idsOf: Map<BlobHit, Sighting[]>): Pair | undefined {
  const m = secret.match;
  const hit = secret.hit;
  const near = nearestInBlob(secret, idsOf, (id) => m.nearKeyIds?.includes(id.match.secret) === true);
  if (near) return { id: near, tier: 'near', hit };
  if (secret.adopted) return undefined;
  const file = nearestInBlob(secret, idsOf, (id) => m.apartKeyIds?.includes(id.match.secret) !== true);
  if (file) return { id: file, tier: 'file', hit };
  const commit = inSameCommit(secret, ids);
  return commit ? { id: commit, tier: 'commit', hit } : undefined;
}

/**
 * Pairs secrets with key ids inside one target, in place: a paired secret's match gets the id
 * as `identifier` and `pairConfidence` (an unlabelled or adopted one is renamed to
 * {@link AWS_SECRET_RULE}); a key id's match in the pair's own blob moves onto the pair as
 * `identifierLine`; a session token near a temporary pair joins it; unpaired unlabelled
 * candidates are removed.
 */
export function pairAwsKeys(hits: TargetHits, rules: PairingRules): void {
  const { ids, secrets, tokens } = collect(hits, rules);
  const pairs = new Map<Match, Pair>();
  const pairedIds = new Set<string>();
  const later: Sighting[] = [];
  const idsOf = new Map<BlobHit, Sighting[]>();
  for (const id of ids) {
    const list = idsOf.get(id.hit);
    if (list) list.push(id);
    else idsOf.set(id.hit, [id]);
  }
  for (const secret of secrets) {
    const p = bestPair(secret, ids, idsOf);
    if (p) {
      pairs.set(secret.match, p);
      pairedIds.add(p.id.match.secret);
    } else if (!secret.adopted) later.push(secret);
  }
  // Last tier, candidates: ids still alone, oldest first, each take the nearest labelled secret
  // in time, else the nearest unlabelled one.
  const free = ids.filter((id) => !pairedIds.has(id.match.secret)).sort((a, b) => compareText(a.date ?? '', b.date ?? ''));
  for (const id of free) {
    if (pairedIds.has(id.match.secret)) continue;
    const open = later.filter((s) => !pairs.has(s.match));
    const labelled = open.filter((s) => s.match.ruleId === AWS_SECRET_RULE);
    const chosen = nearestInTime(id, labelled.length > 0 ? labelled : open);
    if (chosen) {
      pairs.set(chosen.match, { id, tier: 'target', hit: chosen.hit });
      pairedIds.add(id.match.secret);
    }
  }
  const consumed = attachTokens(pairs, tokens);
  rewrite(hits, pairs, consumed, rules);
}

// A session token near a temporary key id goes onto that id's pair (one credential); without
// a pair, the token finding itself names the id.
function attachTokens(pairs: Map<Match, Pair>, tokens: Sighting[]): Set<Match> {
  const consumed = new Set<Match>();
  for (const token of tokens) {
    const id = token.match.nearKeyIds?.find((k) => k.startsWith('ASIA'));
    if (!id) continue;
    const pair = [...pairs.entries()].find(([, p]) => p.id.match.secret === id && p.tier === 'near' && p.hit === token.hit);
    if (pair) {
      pair[0].sessionToken = token.match.secret;
      consumed.add(token.match);
    } else {
      token.match.identifier = id;
      token.match.pairConfidence = 'high';
    }
  }
  return consumed;
}

function rewrite(hits: TargetHits, pairs: Map<Match, Pair>, consumed: Set<Match>, rules: PairingRules): void {
  const canRename = rules.has(AWS_SECRET_RULE);
  // A key id's match in the blob of its pair is carried by the pair (with its line).
  for (const [secret, p] of pairs) {
    if (p.id.hit !== p.hit) continue;
    secret.identifierLine = p.id.match.line;
    consumed.add(p.id.match);
  }
  for (const hit of hits.blobs) {
    // A paired unlabelled value is an AWS secret: a catch-all's finding on the same bytes (the
    // entropy analyzer) would report it twice under a vaguer name.
    const claimed = hit.matches.filter((m) => m.ruleId === AWS_UNLABELLED_SECRET_RULE && pairs.has(m));
    hit.matches = hit.matches.filter((m) => {
      if (consumed.has(m)) return false;
      if (rules.isCatchAll(m.ruleId) && claimed.some((c) => c.start < m.end && m.start < c.end)) return false;
      const p = pairs.get(m);
      if (m.ruleId === AWS_UNLABELLED_SECRET_RULE && !p) return false;
      if (!p) return true;
      // An unlabelled or adopted value is an AWS secret only as surely as its pair; a labelled
      // one is a secret whatever its pair.
      if (m.ruleId !== AWS_SECRET_RULE) {
        if (canRename) m.ruleId = AWS_SECRET_RULE;
        m.confidence = TIER_CONFIDENCE[p.tier];
      }
      m.identifier = p.id.match.secret;
      m.pairConfidence = TIER_CONFIDENCE[p.tier];
      return true;
    });
  }
  hits.blobs = hits.blobs.filter((h) => h.matches.length > 0);
}
