// Turns per-blob matches into findings: one per (rule, secret), with every place it occurs.
// A blob can sit in many places (several files, several commits), and a secret can sit in many
// blobs; the first occurrence is the oldest one, which is what a responder asks first.
import type { Confidence, Finding, Match, Occurrence, Rule, Severity, SourceKind } from '../types.js';
import { baseName, fileNameMatches } from '../detect/file-name-rules.js';
import { specificityOf } from '../detect/specificity.js';
import { fingerprint } from './fingerprint.js';
import type { BlobPlace, TargetHits } from '../sources/source.js';
import { compareText } from '../text-order.js';

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const CONFIDENCE_RANK: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };

interface Draft {
  finding: Finding;
  firstMatch: Match;
  seen: Set<string>;
}

/** First occurrence first: by date (undated last), then commit, file, line, column. */
export function compareOccurrences(a: Occurrence, b: Occurrence): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? -1 : 1;
  }
  return compareText(a.commit ?? '', b.commit ?? '') || compareText(a.file ?? '', b.file ?? '') || a.line - b.line || a.column - b.column;
}

function newDraft(rule: Rule, match: Match, target: string, source: SourceKind): Draft {
  const finding: Finding = {
    id: fingerprint(rule.id, match.secret),
    rule: rule.id,
    ruleName: rule.name,
    kind: rule.kind,
    severity: rule.severity,
    confidence: match.confidence,
    secret: match.secret,
    file: null,
    line: 0,
    column: 0,
    commit: null,
    author: null,
    email: null,
    date: null,
    target,
    source,
    occurrences: [],
    reachable: false,
    atHead: false,
    snippet: match.snippet,
  };
  return { finding, firstMatch: match, seen: new Set() };
}

/** Adds an occurrence unless already there; returns the one added. */
// One occurrence per (target, blob, commit, file, line): the same secret twice on one line is one
// place to clean up, not two.
function addOccurrence(draft: Draft, match: Match, place: BlobPlace, blobId: string, target: string | undefined): Occurrence | undefined {
  const key = `${target}\0${blobId}\0${place.commit}\0${place.file}\0${match.line}`;
  if (draft.seen.has(key)) return undefined;
  draft.seen.add(key);
  const f = draft.finding;
  const occurrence: Occurrence = {
    file: place.file,
    line: match.line,
    column: match.column,
    commit: place.commit,
    author: place.author,
    email: place.email,
    date: place.date,
    ...(place.committerDate ? { committerDate: place.committerDate } : {}),
    ...(place.subject ? { subject: place.subject } : {}),
    refs: place.refs,
    ...(place.refCount !== undefined && place.refCount > place.refs.length ? { refCount: place.refCount } : {}),
    blob: blobId,
    ...(target === undefined ? {} : { target }),
    ...(match.decoded === undefined ? {} : { decoded: match.decoded }),
    ...(match.identifierLine === undefined ? {} : { identifierLine: match.identifierLine }),
  };
  f.occurrences.push(occurrence);
  takePair(f, match);
  f.reachable ||= place.reachable;
  f.atHead ||= place.atHead;
  if (CONFIDENCE_RANK[match.confidence] < CONFIDENCE_RANK[f.confidence]) f.confidence = match.confidence;
  return occurrence;
}

// The pair with the strongest evidence names the finding's key id (a secret found beside its
// id in one file and beside nothing in another).
function takePair(f: Finding, match: Match): void {
  if (match.identifier === undefined) return;
  const rank = CONFIDENCE_RANK[match.pairConfidence ?? 'high'];
  if (f.identifier !== undefined && rank >= CONFIDENCE_RANK[f.pairConfidence ?? 'high']) return;
  f.identifier = match.identifier;
  if (match.pairConfidence !== undefined) f.pairConfidence = match.pairConfidence;
  if (match.sessionToken !== undefined) f.sessionToken = match.sessionToken;
}

function finish(draft: Draft, snippetByOccurrence: Map<Occurrence, string>): Finding {
  const f = draft.finding;
  f.occurrences.sort(compareOccurrences);
  const first = f.occurrences[0];
  if (first) {
    f.file = first.file;
    f.line = first.line;
    f.column = first.column;
    f.commit = first.commit;
    f.author = first.author;
    f.email = first.email;
    f.date = first.date;
    f.snippet = snippetByOccurrence.get(first) ?? draft.firstMatch.snippet;
    if (first.decoded === undefined) delete f.decoded;
    else f.decoded = first.decoded;
  }
  return f;
}

// A filename rule's match stands for a blob, and a blob has every name it was ever given: an
// empty keystore.p12 shares the empty blob with every empty file of the history. Only the places
// whose name the rule matches are occurrences.
function placesFor(rule: Rule, places: BlobPlace[]): BlobPlace[] {
  if (rule.filename === undefined) return places;
  return places.filter((p) => p.file === null || fileNameMatches(rule, baseName(p.file)));
}

// One finding per secret: where a more specific rule reported a secret (in any blob), the
// findings of vaguer rules for the same secret give it their occurrences and disappear. Within a
// blob the matcher already keeps only the most specific match on the same bytes; this covers the
// blobs where only the vaguer rule's context matched (a token outside the kubeconfig shape).
// Short values are left apart: two files saying password "postgres" are a coincidence of
// defaults, not one leaked token.
const MIN_SHARED_SECRET = 16;

function absorbGeneric(drafts: Draft[], rules: ReadonlyMap<string, Rule>): Draft[] {
  const bySecret = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (d.finding.secret.length < MIN_SHARED_SECRET) continue;
    const list = bySecret.get(d.finding.secret);
    if (list) list.push(d);
    else bySecret.set(d.finding.secret, [d]);
  }
  const absorbed = new Set<Draft>();
  const level = (d: Draft) => {
    const rule = rules.get(d.finding.rule);
    return rule ? specificityOf(rule) : 0;
  };
  for (const group of bySecret.values()) {
    if (group.length < 2) continue;
    const ranked = [...group].sort((a, b) => level(a) - level(b) || SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity]);
    const keeper = ranked[0] as Draft;
    const keeperLevel = level(keeper);
    for (const d of ranked.slice(1)) {
      if (level(d) <= keeperLevel || level(d) === 0) continue;
      absorbed.add(d);
      for (const o of d.finding.occurrences) {
        const key = `${o.target}\0${o.blob}\0${o.commit}\0${o.file}\0${o.line}`;
        if (keeper.seen.has(key)) continue;
        keeper.seen.add(key);
        keeper.finding.occurrences.push(o);
        keeper.finding.reachable ||= d.finding.reachable;
        keeper.finding.atHead ||= d.finding.atHead;
      }
    }
  }
  return drafts.filter((d) => !absorbed.has(d));
}

/** Groups the hits of all targets into findings, most severe and oldest first. */
export function groupFindings(targets: TargetHits[], rules: ReadonlyMap<string, Rule>): Finding[] {
  const drafts = new Map<string, Draft>();
  const snippets = new Map<Occurrence, string>();
  for (const t of targets) {
    for (const hit of t.blobs) {
      for (const match of hit.matches) {
        const rule = rules.get(match.ruleId);
        if (!rule) continue;
        const key = `${rule.id}\0${match.secret}`;
        let draft = drafts.get(key);
        if (!draft) {
          draft = newDraft(rule, match, t.target, t.source);
          drafts.set(key, draft);
        }
        for (const place of placesFor(rule, hit.places)) {
          const added = addOccurrence(draft, match, place, hit.blobId, targets.length > 1 ? t.target : undefined);
          if (added) snippets.set(added, match.snippet);
        }
      }
    }
  }
  const findings = absorbGeneric([...drafts.values()], rules).map((d) => finish(d, snippets));
  return findings.sort(compareFindings);
}

/** The report's order: most severe first, secrets before the rest, then oldest first. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.kind === b.kind ? 0 : a.kind === 'secret' ? -1 : 1) ||
    compareText(a.date ?? '\uffff', b.date ?? '\uffff') ||
    compareText(a.rule, b.rule) ||
    compareText(a.file ?? '', b.file ?? '') ||
    a.line - b.line
  );
}
