// Runs a whole scan: every target through its source, the matches through the workers, the
// hits through the ignore list, and the rest into findings.
import type { IgnoreList } from '../config/ignore-file.js';
import { DEFAULT_DECODE_DEPTH } from '../detect/decode-layer.js';
import { compileFileNameRules } from '../detect/file-name-rules.js';
import type { Finding, Rule, ScanIssue, ScanResult } from '../types.js';
import { AWS_UNLABELLED_SECRET_RULE, type PairingRules, pairAwsKeys } from './aws-pairing.js';
import type { TargetHits } from './group-findings.js';
import { groupFindings } from './group-findings.js';
import type { Progress, ScanContext } from './scan-context.js';
import { scanFiles, scanStdin } from './scan-files.js';
import { scanFolder, scanNestedRepositories } from './scan-folder.js';
import { scanGitHistory } from './scan-git.js';
import { scanCommitRange } from './scan-range.js';
import { scanRemote } from './scan-remote.js';
import { scanBundle } from './scan-bundle.js';
import { buildCoverage, type CoverageManifest } from './coverage.js';
import { findingsOf, type SweepState } from './sweep-state.js';
import { mergeCarried } from './carried-merge.js';
import { type CodeCommitOptions, scanCodeCommit } from './scan-codecommit.js';
import { type S3Options, scanS3 } from './scan-s3.js';

import { displayUrl, type GitAuthProvider, isRemoteGitUrl } from '../sources/remote-url.js';
import { scanStaged } from './scan-staged.js';
import { planTarget, type TargetPlan } from './target-kind.js';
import { InlinePool } from './inline-pool.js';
import { type ScanPool, WorkerPool } from './worker-pool.js';
import { emptyCounters } from './worker-protocol.js';

/** Everything a scan needs, already validated by the caller. */
export interface ScanOptions {
  targets: string[];
  /** Read git history (every object) where a target is a repository. */
  history: boolean;
  /** Read only each repository's staged change (the pre-commit hook). */
  staged?: boolean;
  /** Read only the commits these revision lists select (`--since-commit`, `--log-opts`, a push). */
  revisionSets?: string[][];
  /** Credentials for repositories named by URL. */
  gitAuth?: GitAuthProvider;
  /** How to reach AWS and sweep codecommit:// and s3:// targets. */
  aws?: CodeCommitOptions;
  /** Bounds on opening archives (on disk, in history, in s3:// objects) other than the defaults. */
  archive?: S3Options['archive'];
  /** The sweep state of an earlier run (--state): scan only what is new, carry open findings. */
  state?: SweepState;
  rules: Rule[];
  maxBlobSize: number;
  /** Layers of encoding undone and scanned again (default 2; 0 turns decoding off). */
  decodeDepth?: number;
  threads: number;
  followSymlinks: boolean;
  ignore: IgnoreList;
  /** Told of every match or finding the ignore list drops, with the file and entry that did. */
  onSuppressed?: (s: Suppression) => void;
  stdin: NodeJS.ReadableStream;
  onProgress?: (progress: Progress) => void;
}

/** One match or finding dropped by an ignore list or a setting, and what dropped it. */
export interface Suppression {
  rule: string;
  file: string | null;
  line: number | null;
  /** The file (and entry) responsible, e.g. `./repo/.credsweepignore: *`. */
  by: string;
}

// A place under an ignored path is dropped; a blob left with no place counts as suppressed.
function applyIgnorePaths(hits: TargetHits, ignore: IgnoreList, onSuppressed: (s: Suppression) => void): number {
  let suppressed = 0;
  hits.blobs = hits.blobs.filter((blob) => {
    const first = blob.places[0];
    blob.places = blob.places.filter((p) => p.file === null || !ignore.matchesPath(p.file));
    if (blob.places.length > 0) return true;
    suppressed += blob.matches.length;
    const file = first?.file ?? null;
    const by = file === null ? '' : (ignore.whyPath(file) ?? '');
    for (const m of blob.matches) onSuppressed({ rule: m.ruleId, file, line: m.line, by });
    return false;
  });
  return suppressed;
}

// One target, read the way its plan says; a CodeCommit target expands to one hit set per repository.
async function scanPlan(plan: TargetPlan, target: string, options: ScanOptions, ctx: ScanContext): Promise<TargetHits[]> {
  switch (plan.kind) {
    case 'stdin':
      return [await scanStdin(options.stdin, ctx)];
    case 'git': {
      const own = await scanGitHistory(target, plan.layout, ctx);
      return [own, ...(plan.layout.workTree === null ? [] : await scanNestedRepositories(target, plan.layout.workTree, ctx))];
    }
    case 'staged':
      return [await scanStaged(target, plan.layout, ctx)];
    case 'range':
      return [await scanCommitRange(target, plan.layout, plan.revisionSets, ctx)];
    case 'remote':
      return [await scanRemote(plan.url, options.gitAuth ?? (() => undefined), ctx)];
    case 'codecommit':
      return scanCodeCommit(plan.target, options.aws ?? {}, ctx);
    case 'bundle':
      return [await scanBundle(target, plan.path, ctx)];
    case 's3':
      return scanS3(
        plan.target,
        { ...options.aws, archive: options.archive, ...(options.aws?.regions?.[0] ? { region: options.aws.regions[0] } : {}) },
        ctx,
      );
    case 'files':
      return plan.single ? [await scanFiles(target, plan.path, ctx)] : scanFolder(target, plan.path, options.history, ctx);
  }
}

/** A scan's result with its coverage manifest and the sweep state to keep for the next run. */
export type RunResult = ScanResult & { coverage: CoverageManifest; state: SweepState };

// Findings of earlier runs still open are reported again (merged into this run's when found anew).
function withCarried(findings: Finding[], hits: TargetHits[], ignoredIds: ReadonlySet<string>): Finding[] {
  return mergeCarried(
    findings,
    hits.flatMap((h) => h.carried ?? []).filter((f) => !ignoredIds.has(f.id)),
  );
}

// Each repository scanned now replaces its entry; the others (another shard, a failure) keep theirs.
// A repository read incompletely keeps its old entry too, so what could not be read is retried.
function nextState(previous: SweepState | undefined, hits: TargetHits[], findings: Finding[], issues: ScanIssue[], now: Date): SweepState {
  const state: SweepState = { version: 1, repositories: { ...(previous?.repositories ?? {}) } };
  const troubled = new Set(issues.map((i) => i.path));
  for (const h of hits) {
    if (h.tips === undefined || troubled.has(h.target)) continue;
    state.repositories[h.target] = {
      tips: h.tips,
      ...(h.etag === undefined ? {} : { etag: h.etag }),
      ...(h.objectSet === undefined ? {} : { objectSet: h.objectSet }),
      ...(h.loose === undefined ? {} : { loose: h.loose }),
      findings: findingsOf(findings, h.target),
      scannedAt: now.toISOString(),
    };
  }
  return state;
}

/** Scans every target; never throws for damaged content (that becomes `issues`), only for unusable targets. */
export async function runScan(options: ScanOptions): Promise<RunResult> {
  const started = Date.now();
  // Classify every target first so a typo fails before minutes of scanning.
  const plans = await Promise.all(
    options.targets.map((t) =>
      planTarget(t, { history: options.history, staged: options.staged ?? false, revisionSets: options.revisionSets }),
    ),
  );
  // One file or stdin is scanned faster on this thread than threads can start.
  // A commit range is usually a push's worth; it runs here too rather than pay for thread start-up.
  const small = plans.every((p) => p.kind === 'stdin' || p.kind === 'staged' || p.kind === 'range' || (p.kind === 'files' && p.single));
  const init = { rules: options.rules, maxBlobSize: options.maxBlobSize, decodeDepth: options.decodeDepth ?? DEFAULT_DECODE_DEPTH };
  const pool: ScanPool = small ? new InlinePool(init) : new WorkerPool(init, options.threads);
  const ctx: ScanContext = {
    pool,
    maxBlobSize: options.maxBlobSize,
    ...(options.archive ? { archive: options.archive } : {}),
    followSymlinks: options.followSymlinks,
    ignore: options.ignore,
    names: compileFileNameRules(options.rules),
    counters: emptyCounters(),
    issues: [],
    matchedBlobs: 0,
    skipped: [],
    notes: [],
    ...(options.state ? { previous: options.state } : {}),
    onProgress: options.onProgress,
  };
  const all: TargetHits[] = [];
  const ruleIds = new Set(options.rules.map((r) => r.id));
  const catchAll = new Set(options.rules.filter((r) => r.analyzer !== undefined).map((r) => r.id));
  const fallback = new Set(options.rules.filter((r) => r.fallback === true).map((r) => r.id));
  const pairingRules: PairingRules = {
    has: (id) => ruleIds.has(id),
    isCatchAll: (id) => catchAll.has(id) && id !== AWS_UNLABELLED_SECRET_RULE,
    isFallback: (id) => fallback.has(id),
  };
  try {
    for (const [i, plan] of plans.entries()) {
      const target = options.targets[i] as string;
      for (const hits of await scanPlan(plan, target, options, ctx)) {
        ctx.counters.suppressed += applyIgnorePaths(hits, options.ignore, options.onSuppressed ?? (() => undefined));
        pairAwsKeys(hits, pairingRules);
        all.push(hits);
      }
    }
  } finally {
    await pool.close();
  }
  const rules = new Map(options.rules.map((r) => [r.id, r]));
  const grouped = groupFindings(all, rules);
  const fresh = grouped.filter((f) => !options.ignore.ids.has(f.id));
  for (const f of grouped) {
    if (options.ignore.ids.has(f.id))
      options.onSuppressed?.({ rule: f.rule, file: f.file, line: f.line, by: options.ignore.whyId(f.id) ?? '' });
  }
  ctx.counters.suppressed += grouped.length - fresh.length;
  const findings = withCarried(fresh, all, options.ignore.ids);
  return {
    findings,
    stats: { ...ctx.counters, elapsedMs: Date.now() - started },
    issues: ctx.issues,
    ...(ctx.notes.length > 0 ? { notes: ctx.notes } : {}),
    // A URL given with user:password@ is never printed with them.
    targets: options.targets.map((t) => (isRemoteGitUrl(t) ? displayUrl(t) : t)),
    coverage: buildCoverage(all, ctx.skipped, ctx.issues, options.aws?.shard ?? null, new Date(started)),
    state: nextState(options.state, all, findings, ctx.issues, new Date(started)),
  };
}
