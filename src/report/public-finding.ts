// The JSON contract of src/README.md "Findings", built field by field rather than spread from the
// in-memory Finding: the order stays stable for diffs and baselines, and a field some stage
// attaches at run time never reaches the output by accident.
import type { AwsKeyInfo, Finding, Occurrence } from '../types.js';

/** One occurrence as printed: the same shape as in memory. */
export type PublicOccurrence = Occurrence;

/** One finding as printed by the json and jsonl reporters: the same shape as in memory. */
export type PublicFinding = Finding;

function toPublicOccurrence(o: Occurrence): PublicOccurrence {
  return {
    file: o.file,
    line: o.line,
    column: o.column,
    commit: o.commit,
    author: o.author,
    email: o.email,
    date: o.date,
    ...(o.committerDate === undefined ? {} : { committerDate: o.committerDate }),
    ...(o.subject === undefined ? {} : { subject: o.subject }),
    refs: [...o.refs],
    ...(o.refCount === undefined ? {} : { refCount: o.refCount }),
    blob: o.blob,
    ...(o.target === undefined ? {} : { target: o.target }),
    ...(o.decoded === undefined ? {} : { decoded: o.decoded }),
    ...(o.identifierLine === undefined ? {} : { identifierLine: o.identifierLine }),
  };
}

function toPublicAws(a: AwsKeyInfo): AwsKeyInfo {
  return {
    accessKeyId: a.accessKeyId,
    account: a.account,
    user: a.user,
    status: a.status,
    created: a.created,
    lastUsed: a.lastUsed,
    verified: a.verified,
    ...(a.accountSource === undefined ? {} : { accountSource: a.accountSource }),
    ...(a.relation === undefined ? {} : { relation: a.relation }),
    ...(a.lastUsedService === undefined ? {} : { lastUsedService: a.lastUsedService }),
    ...(a.lastUsedRegion === undefined ? {} : { lastUsedRegion: a.lastUsedRegion }),
    ...(a.tags === undefined ? {} : { tags: { ...a.tags } }),
  };
}

/** The finding (already redacted by presentFinding) in the public field order. */
export function toPublicFinding(f: Finding): PublicFinding {
  const out: PublicFinding = {
    id: f.id,
    rule: f.rule,
    ruleName: f.ruleName,
    kind: f.kind,
    severity: f.severity,
    confidence: f.confidence,
    secret: f.secret,
    file: f.file,
    line: f.line,
    column: f.column,
    commit: f.commit,
    author: f.author,
    email: f.email,
    date: f.date,
    target: f.target,
    source: f.source,
    occurrences: f.occurrences.map(toPublicOccurrence),
    reachable: f.reachable,
    atHead: f.atHead,
    snippet: f.snippet,
  };
  if (f.identifier !== undefined) out.identifier = f.identifier;
  if (f.decoded !== undefined) out.decoded = f.decoded;
  if (f.pairConfidence !== undefined) out.pairConfidence = f.pairConfidence;
  if (f.sessionToken !== undefined) out.sessionToken = f.sessionToken;
  if (f.aws) out.aws = toPublicAws(f.aws);
  return out;
}
