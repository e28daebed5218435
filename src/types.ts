// The types every stage shares. This file imports nothing, so any module may depend on it
// without pulling in code; each field is documented because these shapes are the contracts
// between stages and, for Finding, the public JSON output.

// ---------------------------------------------------------------------------------------------
// Rules

/** How bad a leak of this kind is; ordered from worst to mildest. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** `secret`: a credential that grants access. `intel`: environmental intelligence (hosts, ids, tools). */
export type RuleKind = 'secret' | 'intel';

/** How sure we are that a match is a real secret rather than a look-alike. */
export type Confidence = 'high' | 'medium' | 'low';

/** One detection rule, as loaded from a detectors/*.yaml file (see src/README.md "Rules"). */
export interface Rule {
  /** Unique id, `family.kebab-name`, e.g. `aws.access-key-id`. */
  id: string;
  /** Human name, e.g. "AWS access key ID". */
  name: string;
  /** Secret or environmental intelligence. */
  kind: RuleKind;
  /** Severity of a finding of this rule. */
  severity: Severity;
  /** Confidence of a match that passes every check; validators may lower it. Default `high`. */
  confidence: Confidence;
  /** Literal prefilter: at least one must occur (case-insensitively) near every match. May be empty. */
  keywords: string[];
  /**
   * For a rule without keywords: a cheap RE2 pattern (no long counted runs) that must match
   * somewhere (case-insensitively) in a blob for the rule to run; it joins the keyword pass.
   */
  gate?: string;
  /**
   * For a rule without keywords: its secret is a whole word of exactly this many characters of
   * [A-Za-z0-9+/]; blobs without such a word skip the rule (src/detect/token-run.ts).
   */
  tokenLength?: number;
  /** RE2 pattern over the content; empty for a rule that matches by file name only. */
  pattern: string;
  /**
   * RE2 pattern over a file's base name, when set: the rule matches files by name, whatever their
   * content (a PKCS#12 keystore is binary), and has no content pattern. Examples are file names.
   */
  filename?: string;
  /** Capture group holding the secret; 0 means the whole match. */
  secretGroup: number;
  /** Minimum Shannon entropy (bits per character) of the secret, when set. */
  minEntropy?: number;
  /** Name of a validator in src/detect/validators, when set. */
  validate?: string;
  /**
   * Name of an analyzer in src/detect/analyzers, when set: code that judges the secret's shape
   * and either drops it or sets its confidence (the entropy analyzer of generic assignments).
   */
  analyzer?: string;
  /**
   * True for a catch-all (the generic assignment rules): it reports only bytes no vendor rule
   * matched, so one secret is not reported twice under a vaguer name.
   */
  fallback?: boolean;
  /** Regexes (RE2) on the secret that mark documented placeholders; a match there is dropped. */
  allow: string[];
  /** Documentation links. */
  references: string[];
  /** Text that the full matcher (prefilter included) must find. */
  examples: string[];
  /** Text that must produce no finding for this rule. */
  negativeExamples: string[];
  /** Optional longer description: what the credential grants. */
  description?: string;
  /** How to revoke or rotate the credential: a URL of the vendor's page, or a command. */
  revoke?: string;
  /** The file the rule was loaded from, for error messages. */
  file: string;
}

// ---------------------------------------------------------------------------------------------
// Sources

/** Where a target's content comes from. */
export type SourceKind = 'fs' | 'git' | 'staged' | 'stdin' | 's3' | 'codecommit' | 'url';

/** Where a blob was read from, outside git history (git blobs get provenance later instead). */
export interface Origin {
  /** Which source produced the blob. */
  source: SourceKind;
  /** The target as the user named it, e.g. `./leaked-clone` or `-`. */
  target: string;
  /** Path of the blob inside the target (relative, `/`-separated); null for stdin. */
  path: string | null;
}

/** A unit of content handed to the scanner. */
export interface Blob {
  /** Content id: the git object id for git blobs, otherwise the git-style sha1 of the content. */
  id: string;
  /** Raw bytes. */
  data: Uint8Array;
  /** Where the bytes came from. */
  origin: Origin;
}

// ---------------------------------------------------------------------------------------------
// Detection

/** Result of a validator on a candidate secret. */
export type Validation = 'valid' | 'invalid' | 'unchecked';

/** One rule match inside one blob, as the scanner returns it. */
export interface Match {
  /** The rule that matched. */
  ruleId: string;
  /** The blob it matched in. */
  blobId: string;
  /** The secret text (the rule's secret group), never redacted here. */
  secret: string;
  /** Byte offset of the secret in the blob. */
  start: number;
  /** Byte offset just past the secret. */
  end: number;
  /** 1-based line of the secret's first byte. */
  line: number;
  /** 1-based column (in characters) of the secret on that line. */
  column: number;
  /** Confidence after validators ran. */
  confidence: Confidence;
  /** Validator outcome, `unchecked` when the rule has none. */
  validation: Validation;
  /** Shannon entropy of the secret in bits per character. */
  entropy: number;
  /** The line holding the secret, trimmed to at most 200 characters around it (for reports). */
  snippet: string;
  /** The public half of a two-part credential (the AWS access key id of a secret key), once paired. */
  identifier?: string;
  /**
   * Set when the secret was found only after decoding: the encodings undone, outermost first
   * (`base64`, `base64 > hex`); offsets, line and column are then those of the encoded run.
   */
  decoded?: string;
  /** How sure the pairing is that `identifier` belongs to this secret (src/scan/aws-pairing.ts). */
  pairConfidence?: Confidence;
  /** 1-based line of the paired key id, when it sits in the same blob. */
  identifierLine?: number;
  /** The session token of a temporary key's pair, found beside it. */
  sessionToken?: string;
  /** AWS key ids of the same blob that sit near this match (same block, object, profile). */
  nearKeyIds?: string[];
  /** AWS key ids of the same blob a hard boundary separates from this match (another profile). */
  apartKeyIds?: string[];
}

// ---------------------------------------------------------------------------------------------
// Findings (the public JSON contract; see src/README.md)

/** Facts about an AWS access key, added by the AWS enricher. */
export interface AwsKeyInfo {
  accessKeyId: string;
  account: string | null;
  user: string | null;
  status: string | null;
  created: string | null;
  lastUsed: string | null;
  verified: 'valid' | 'invalid' | 'unknown';
  /** `sts` (sts:GetAccessKeyInfo) or `decoded` from the key id where no AWS call could be made. */
  accountSource?: 'sts' | 'decoded' | null;
  /** Whose account: ours (the caller's or a --role-arn one), a third party's, a canary token's. */
  relation?: 'ours' | 'third-party' | 'canary' | 'unknown';
  /** Service and region of the key's last use. */
  lastUsedService?: string | null;
  lastUsedRegion?: string | null;
  /** Tags of the IAM user (owner, team). */
  tags?: Record<string, string>;
}

/** One place a secret occurs. */
export interface Occurrence {
  /** Path inside the target; null for stdin. */
  file: string | null;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** Commit that introduced the blob at this path; null outside git or for a blob no commit holds. */
  commit: string | null;
  /** Author of that commit. */
  author: string | null;
  /** Author email of that commit. */
  email: string | null;
  /** Author date of that commit, ISO 8601 UTC. */
  date: string | null;
  /** Committer date of that commit, ISO 8601 UTC (git history only; absent elsewhere). */
  committerDate?: string;
  /**
   * First line of that commit's message, at most 120 characters (`…` when cut), control characters
   * included as written (git history and ranges only; absent elsewhere or when the message is empty).
   */
  subject?: string;
  /** Refs from which this commit is reachable (e.g. `refs/heads/main`); empty when unreachable. */
  refs: string[];
  /** How many refs reach the commit in all, when `refs` lists only the first 20 of them. */
  refCount?: number;
  /** The blob (content id) holding the secret. */
  blob: string;
  /** The encodings undone to find the secret here (`base64`, `base64 > hex`); absent when it was in clear. */
  decoded?: string;
  /** 1-based line of the paired AWS key id in this same place, when it is there. */
  identifierLine?: number;
  /**
   * The target this place belongs to, when the run had several (a sweep of many repositories
   * finds one secret in several of them). Absent for a single-target run.
   */
  target?: string;
}

/** The user-facing unit: one per (rule, secret), with every place it occurs. */
export interface Finding {
  /** Stable fingerprint: same rule and secret give the same id on every run and machine. */
  id: string;
  /** Rule id. */
  rule: string;
  /** Rule's human name. */
  ruleName: string;
  kind: RuleKind;
  severity: Severity;
  /** Highest confidence among the matches. */
  confidence: Confidence;
  /** The secret; raw in memory, redacted by reporters unless asked not to. */
  secret: string;
  /** First occurrence's path, line, column, commit, author, email and date (src/README.md contract). */
  file: string | null;
  line: number;
  column: number;
  commit: string | null;
  author: string | null;
  email: string | null;
  date: string | null;
  /** The target as the user named it. */
  target: string;
  /** The source kind that read it. */
  source: SourceKind;
  /** Every place the secret occurs, first occurrence first. */
  occurrences: Occurrence[];
  /** True when some ref still reaches a commit holding the secret (always true outside git). */
  reachable: boolean;
  /** True when the secret is in the files at HEAD (or on disk, outside git). */
  atHead: boolean;
  /** The line holding the first occurrence, for context in reports (decoded, for a decoded one). */
  snippet: string;
  /** The encodings undone to find the first occurrence (`base64`, `base64 > hex`); absent when it was in clear. */
  decoded?: string;
  /**
   * The public half of a two-part credential, when it was found: for an AWS secret access key,
   * the access key id it belongs to (shown whole, like every key id). Absent otherwise.
   */
  identifier?: string;
  /**
   * How sure the pairing is that `identifier` belongs to this secret: `high` same file and near
   * (same block, object, profile), `medium` same file or commit, `low` a candidate from anywhere
   * else in the target, never acted on by `revoke` unless named with --key.
   */
  pairConfidence?: Confidence;
  /** The session token of a temporary key, found beside its key id and secret (redacted like the secret). */
  sessionToken?: string;
  /** AWS facts, when enriched. */
  aws?: AwsKeyInfo;
}

// ---------------------------------------------------------------------------------------------
// Scan results

/** Something that could not be read or scanned; any issue makes the scan incomplete (exit 3). */
export interface ScanIssue {
  /** Stable code, as on CredsweepError (e.g. `GIT_CORRUPT_OBJECT`). */
  code: string;
  /** Human message naming what was wrong. */
  message: string;
  /** Object id concerned, when known. */
  object?: string;
  /** Path concerned, when known. */
  path?: string;
}

/**
 * Something an enricher could not add (an owner lookup, a verification, a CloudTrail query).
 * Nothing went unread: the findings are whole, only facts about them are missing.
 */
export interface EnrichmentGap {
  /** Stable code, e.g. `AWS_OWNER_LOOKUP`. */
  code: string;
  /** What could not be added, and why. */
  message: string;
  /** How to supply what was missing (credentials, permissions, a later command). */
  remedy: string;
}

/** Files that are not code, by kind (see ScanStats.notCode). */
export interface NotCodeCounts {
  tags: number;
  lockfile: number;
  minified: number;
  generatedDocs: number;
}

/** Counters for the summary line and the progress display. */
export interface ScanStats {
  /** Objects (git) or files read. */
  objects: number;
  /** Unique blobs scanned. */
  blobs: number;
  /** Bytes of unique blobs scanned. */
  bytes: number;
  /** Blobs skipped for exceeding --max-blob-size. */
  skippedTooLarge: number;
  /** Blobs skipped as binary. */
  skippedBinary: number;
  /** Matches dropped by inline or file suppressions, or as placeholders (`${VAR}`, `string`, example keys). */
  suppressed: number;
  /**
   * Files that are not code: tags files skipped, and lock files, minified bundles and generated
   * API references whose generic and entropy matches were left out (counted only where some were).
   */
  notCode?: NotCodeCounts;
  /**
   * Blobs holding more encoded runs than the decoding layer decodes per blob (4,096): their other
   * runs were scanned as written, not decoded. Counted, not an issue: no byte went unread.
   */
  decodeCapped?: number;
  /** Wall time in milliseconds. */
  elapsedMs: number;
}

/** What a scan of all targets produced. */
export interface ScanResult {
  findings: Finding[];
  stats: ScanStats;
  /** Empty when every object of every target was read; otherwise the scan is incomplete. */
  issues: ScanIssue[];
  /** Targets as named by the user. */
  targets: string[];
  /** What the reader should know about the scope that is no failure (repositories --no-history left unread). */
  notes?: string[];
  /** Facts the enrichers could not add; these never make the scan incomplete. Absent when none ran. */
  enrichment?: EnrichmentGap[];
}

/** Every `--format` name, for the CLI and the config file alike (report/index.ts maps each to its reporter). */
export const OUTPUT_FORMATS = ['text', 'json', 'jsonl', 'sarif', 'csv'] as const;

/** A name accepted by `--format`. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Options a reporter needs; reporters are pure and do no I/O. */
export interface ReportOptions {
  /** Print secrets whole instead of redacted. */
  showSecrets: boolean;
  /** Use ANSI colours (text format only). */
  color: boolean;
  /** Tool version, for SARIF and evidence. */
  toolVersion: string;
  /** The rules used, for SARIF's rule metadata. */
  rules: Rule[];
  /** The repository and revision scanned, where known (CI environment, a URL target), for SARIF. */
  versionControl?: VersionControl;
}

/** SARIF's versionControlDetails: which repository and revision a scan read. */
export interface VersionControl {
  /** The repository's URL, without credentials. */
  repositoryUri: string;
  /** The commit scanned. */
  revisionId?: string;
  /** The branch scanned. */
  branch?: string;
}

/** Turns a scan result into text. */
export type Reporter = (result: ScanResult, options: ReportOptions) => string;
