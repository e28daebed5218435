// Runs a whole scan: every target through its source, the matches through the workers, the
// hits through the ignore list, and the rest into findings.
import type { IgnoreList } from '../config/ignore-file.js';
import { DEFAULT_DECODE_DEPTH } from '../detect/decode-layer.js';
import { compileFileNameRules } from '../detect/file-name-rules.js';
import type { ScanPool } from '../sources/jobs.js';
import { emptyCounters } from '../sources/jobs.js';
import { planTarget, SOURCES } from '../sources/registry.js';
import type { Progress, ScanContext } from '../sources/run-context.js';
import type { Source, SourceOptions, TargetHits } from '../sources/source.js';
import { findingsOf, type SweepState } from '../sources/sweep-state.js';
import type { Finding, Rule, ScanIssue, ScanResult } from '../types.js';
import { AWS_UNLABELLED_SECRET_RULE, type PairingRules, pairAwsKeys } from './aws-pairing.js';
import { buildCoverage, type CoverageManifest } from './coverage.js';
import { groupFindings } from './group-findings.js';
import { mergeCarried } from './carried-merge.js';
import { InlinePool } from './inline-pool.js';

/** Everything a scan needs, already validated by the caller; what the sources are asked is SourceOptions. */
export interface ScanOptions extends Omit<SourceOptions, 'staged'> {
  targets: string[];
  /** Read only each repository's staged change (the pre-commit hook). */
  staged?: boolean;
  /** The sweep state of an earlier run (--state): scan only what is new, carry open findings. */
  state?: SweepState;
  /**
   * Called before threads start, with the objects all targets will have read with threads by then
   * (Infinity: before a fetch); may throw to stop the run (thread-start.ts).
   */
  beforeThreads?: (objects: number) => void;
  /**
   * The rules, or how to load them once every target is claimed: a staged change's claim starts
   * git, which then works while the rules load (the pre-commit hook's start-up).
   */
  rules: Rule[] | (() => Promise<Rule[]>);
  maxBlobSize: number;
  /** Layers of encoding undone and scanned again (default 2; 0 turns decoding off). */
  decodeDepth?: number;
  threads: number;
  followSymlinks: boolean;
  ignore: IgnoreList;
  /** Told of every match or finding the ignore list drops, with the file and entry that did. */
  onSuppressed?: (s: Suppression) => void;
  onProgress?: (progress: Progress) => void;
  /** The sources each target is offered to, in order (default: every registered one, sources/registry.ts). */
  sources?: readonly Source[];
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
    if (h.tips === undefined || h.incomplete === true || troubled.has(h.target)) continue;
    state.repositories[h.target] = {
      tips: h.tips,
      ...(h.etag === undefined ? {} : { etag: h.etag }),
      ...(h.objectSet === undefined ? {} : { objectSet: h.objectSet }),
      ...(h.loose === undefined ? {} : { loose: h.loose }),
      ...(h.refsKey === undefined ? {} : { refsKey: h.refsKey }),
      findings: findingsOf(findings, h.target),
      scannedAt: now.toISOString(),
    };
  }
  return state;
}

// The gate is told what all targets so far will have read: a folder of repositories each under
// its threshold must not read them all before one over it starts the run again.
function gateInAll(gate: (objects: number) => void): (objects: number) => void {
  let total = 0;
  return (objects) => {
    total += objects;
    gate(total);
  };
}

/** Scans every target; never throws for damaged content (that becomes `issues`), only for unusable targets. */
export async function runScan(options: ScanOptions): Promise<RunResult> {
  const started = Date.now();
  // Every target is claimed by its source first, so a typo fails before minutes of scanning.
  const sourceOptions: SourceOptions = {
    history: options.history,
    staged: options.staged ?? false,
    stdin: options.stdin,
    ...(options.revisionSets ? { revisionSets: options.revisionSets } : {}),
    ...(options.gitAuth ? { gitAuth: options.gitAuth } : {}),
    ...(options.aws ? { aws: options.aws } : {}),
    ...(options.archive ? { archive: options.archive } : {}),
  };
  const claims = await Promise.all(options.targets.map((t) => planTarget(t, sourceOptions, options.sources ?? SOURCES)));
  // A fetched repository would be fetched again by a run started again: the gate decides now.
  if (claims.some((c) => c.fetches === true)) options.beforeThreads?.(Number.POSITIVE_INFINITY);
  const rules = typeof options.rules === 'function' ? await options.rules() : options.rules;
  // One file, stdin, a staged change or a push's commits is scanned faster on this thread than
  // threads can start.
  const small = claims.every((c) => c.small);
  const init = { rules, maxBlobSize: options.maxBlobSize, decodeDepth: options.decodeDepth ?? DEFAULT_DECODE_DEPTH };
  const pool: ScanPool = small ? new InlinePool(init) : new (await import('./worker-pool.js')).WorkerPool(init, options.threads);
  const ctx: ScanContext = {
    pool,
    maxBlobSize: options.maxBlobSize,
    ...(options.archive ? { archive: options.archive } : {}),
    followSymlinks: options.followSymlinks,
    names: compileFileNameRules(rules),
    counters: emptyCounters(),
    issues: [],
    matchedBlobs: 0,
    skipped: [],
    notes: [],
    ...(options.state ? { previous: options.state } : {}),
    ...(options.beforeThreads ? { beforeThreads: gateInAll(options.beforeThreads) } : {}),
    onProgress: options.onProgress,
  };
  ctx.readBundle = async (name, file) => (await import('../sources/bundle/read-bundle.js')).scanBundle(name, file, ctx);
  const all: TargetHits[] = [];
  const ruleIds = new Set(rules.map((r) => r.id));
  const catchAll = new Set(rules.filter((r) => r.analyzer !== undefined).map((r) => r.id));
  const fallback = new Set(rules.filter((r) => r.fallback === true).map((r) => r.id));
  const pairingRules: PairingRules = {
    has: (id) => ruleIds.has(id),
    isCatchAll: (id) => catchAll.has(id) && id !== AWS_UNLABELLED_SECRET_RULE,
    isFallback: (id) => fallback.has(id),
  };
  try {
    for (const claim of claims) {
      const planned = await claim.read(ctx);
      // Histories read from bundles found inside the target's content come along as targets too.
      for (const hits of [...planned, ...(ctx.nested?.splice(0) ?? [])]) {
        ctx.counters.suppressed += applyIgnorePaths(hits, options.ignore, options.onSuppressed ?? (() => undefined));
        pairAwsKeys(hits, pairingRules);
        all.push(hits);
      }
    }
  } finally {
    await pool.close();
  }
  const byId = new Map(rules.map((r) => [r.id, r]));
  const grouped = groupFindings(all, byId);
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
    targets: claims.map((c) => c.name),
    coverage: buildCoverage(all, ctx.skipped, ctx.issues, options.aws?.shard ?? null, new Date(started)),
    state: nextState(options.state, all, findings, ctx.issues, new Date(started)),
  };
}
