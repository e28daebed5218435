// Pairs each AWS secret access key with the access key id it belongs to, so that one finding
// carries both halves (what verification and revocation need), and decides the fate of the
// unlabelled 40-character candidates, which are too common to report on their own.
//
// Nearness decides the pair, in three tiers: the same blob (nearest by offset), a commit that
// introduced both blobs, then anywhere in the target (nearest in time). A labelled secret is a
// finding whether or not an id is found. An unlabelled candidate survives only when paired; in
// the last tier each remaining id takes at most one candidate (the nearest in time), so one
// leaked id does not turn every hash of a repository into a "secret key".
import type { Confidence, Match } from '../types.js';
import type { BlobHit, TargetHits } from './group-findings.js';

/** Rule ids this module works with (detectors/aws.yaml). */
export const AWS_KEY_ID_RULE = 'aws.access-key-id';
export const AWS_SECRET_RULE = 'aws.secret-access-key';
export const AWS_UNLABELLED_SECRET_RULE = 'aws.secret-access-key-unlabelled';

/** Confidence of an unlabelled candidate by how near its key id was found. */
const UNLABELLED_CONFIDENCE: Record<Tier, Confidence> = { blob: 'high', commit: 'medium', target: 'low' };

type Tier = 'blob' | 'commit' | 'target';

interface Sighting {
  hit: BlobHit;
  match: Match;
  /** Earliest date among the blob's places (ISO), or null outside git. */
  date: string | null;
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

function collect(hits: TargetHits): { ids: Sighting[]; secrets: Sighting[] } {
  const ids: Sighting[] = [];
  const secrets: Sighting[] = [];
  for (const hit of hits.blobs) {
    const date = earliestDate(hit);
    const labelledStarts = new Set(hit.matches.filter((m) => m.ruleId === AWS_SECRET_RULE).map((m) => m.start));
    for (const match of hit.matches) {
      if (match.ruleId === AWS_KEY_ID_RULE) ids.push({ hit, match, date });
      else if (match.ruleId === AWS_SECRET_RULE) secrets.push({ hit, match, date });
      // The same value under a label is already a labelled candidate.
      else if (match.ruleId === AWS_UNLABELLED_SECRET_RULE && !labelledStarts.has(match.start)) {
        secrets.push({ hit, match, date });
      }
    }
  }
  return { ids, secrets };
}

function nearestInBlob(secret: Sighting, ids: Sighting[]): Sighting | undefined {
  let best: Sighting | undefined;
  for (const id of ids) {
    if (id.hit !== secret.hit) continue;
    if (!best || Math.abs(id.match.start - secret.match.start) < Math.abs(best.match.start - secret.match.start)) best = id;
  }
  return best;
}

function commitsOf(hit: BlobHit): Set<string> {
  const out = new Set<string>();
  for (const p of hit.places) if (p.commit !== null) out.add(p.commit);
  return out;
}

function nearestInCommit(secret: Sighting, ids: Sighting[]): Sighting | undefined {
  const commits = commitsOf(secret.hit);
  if (commits.size === 0) return undefined;
  return ids.find((id) => id.hit.places.some((p) => p.commit !== null && commits.has(p.commit)));
}

function nearestInTime<T extends Sighting>(to: Sighting, among: T[]): T | undefined {
  let best: T | undefined;
  for (const s of among) if (!best || dateDistance(s.date, to.date) < dateDistance(best.date, to.date)) best = s;
  return best;
}

/**
 * Pairs secrets with key ids inside one target, in place: a paired secret's match gets the id
 * as `identifier` (an unlabelled one is renamed to {@link AWS_SECRET_RULE} with a confidence by
 * tier); a paired id's own matches are removed, since the pair finding carries it; unpaired
 * unlabelled candidates are removed. `hasRule` tells whether the labelled rule is loaded;
 * `isCatchAll` names rules (with an analyzer) whose match yields to a paired secret on the same bytes.
 */
export function pairAwsKeys(hits: TargetHits, hasRule: (ruleId: string) => boolean, isCatchAll: (ruleId: string) => boolean = () => false): void {
  const { ids, secrets } = collect(hits);
  const paired = new Set<string>();
  const pairs = new Map<Match, { id: string; tier: Tier }>();
  const pair = (secret: Sighting, id: Sighting, tier: Tier) => {
    pairs.set(secret.match, { id: id.match.secret, tier });
    paired.add(id.match.secret);
  };
  const later: Sighting[] = [];
  for (const secret of secrets) {
    const inBlob = nearestInBlob(secret, ids);
    const inCommit = inBlob ? undefined : nearestInCommit(secret, ids);
    if (inBlob) pair(secret, inBlob, 'blob');
    else if (inCommit) pair(secret, inCommit, 'commit');
    else later.push(secret);
  }
  // Last tier: ids still alone, oldest first, each take the nearest labelled secret, else the
  // nearest unlabelled candidate.
  const free = ids.filter((id) => !paired.has(id.match.secret)).sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  for (const id of free) {
    if (paired.has(id.match.secret)) continue;
    const open = later.filter((s) => !pairs.has(s.match));
    const labelled = open.filter((s) => s.match.ruleId === AWS_SECRET_RULE);
    const chosen = nearestInTime(id, labelled.length > 0 ? labelled : open);
    if (chosen) pair(chosen, id, 'target');
  }
  rewrite(hits, pairs, paired, hasRule(AWS_SECRET_RULE), isCatchAll);
}

function rewrite(
  hits: TargetHits,
  pairs: Map<Match, { id: string; tier: Tier }>,
  paired: Set<string>,
  canRename: boolean,
  isCatchAll: (ruleId: string) => boolean,
): void {
  for (const hit of hits.blobs) {
    // A paired unlabelled value is an AWS secret: a catch-all's finding on the same bytes (the
    // entropy analyzer) would report it twice under a vaguer name.
    const claimed = hit.matches.filter((m) => m.ruleId === AWS_UNLABELLED_SECRET_RULE && pairs.has(m));
    hit.matches = hit.matches.filter((m) => {
      if (isCatchAll(m.ruleId) && claimed.some((c) => c.start < m.end && m.start < c.end)) {
        return false;
      }
      if (m.ruleId === AWS_KEY_ID_RULE) return !paired.has(m.secret);
      const p = pairs.get(m);
      if (m.ruleId === AWS_UNLABELLED_SECRET_RULE) {
        if (!p) return false;
        if (canRename) m.ruleId = AWS_SECRET_RULE;
        m.confidence = UNLABELLED_CONFIDENCE[p.tier];
      }
      if (p) m.identifier = p.id;
      return true;
    });
  }
  hits.blobs = hits.blobs.filter((h) => h.matches.length > 0);
}
