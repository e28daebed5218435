// Provenance for the blobs that had matches: where each entered history (commit, path, author,
// date), which refs still reach it, and whether HEAD still holds it. Computed from the commit
// graph and tree oids only, after the scan, and only for the blobs that matter.

import type { ScanIssue } from '../../types.js';
import { CommitLinkIndex } from './commit-links.js';
import { parseCommit, parseCommitSubject } from './commit-parse.js';
import type { ObjectReader } from './git-types.js';
import { type CommitGraph, loadCommitGraph, orderChildrenFirst, rootOf } from './provenance-graph.js';
import { IssueLog } from './provenance-issues.js';
import { computeReach, type RefSetTable, type RefTips } from './provenance-reach.js';
import { RawTreeCache } from './provenance-trees.js';
import { findIntroductions, findWantedInTree, type RawIntroduction, WantedBlobs } from './provenance-walk.js';
import type { RefSet } from './refs.js';

/** At most this many ref names are listed per introduction or blob; `refCount` has the total. */
export const MAX_LISTED_REFS = 20;

/** One commit that brought a blob into history at one path. */
export interface Introduction {
  commit: string;
  /** Path of the blob in that commit's tree (`/`-separated). */
  path: string;
  /** Author name. */
  author: string;
  /** Author email. */
  email: string;
  /** Author date, ISO 8601 UTC. */
  date: string;
  /** Committer date, ISO 8601 UTC. */
  committerDate: string;
  /** First line of the commit message, bounded (parseCommitSubject); '' when empty or unreadable. */
  subject: string;
  /** Refs that reach the commit, sorted, at most MAX_LISTED_REFS (`HEAD` when HEAD is detached). */
  refs: string[];
  /** How many refs reach the commit in all. */
  refCount: number;
  /** True when some ref (or a detached HEAD) reaches the commit. */
  reachable: boolean;
}

/** Everything known about where one blob lives in history. */
export interface BlobProvenance {
  /** Oldest first by author date; ties by commit oid, then path. Empty for a dangling blob. */
  introductions: Introduction[];
  /** Union of the introductions' refs, sorted, at most MAX_LISTED_REFS. */
  refs: string[];
  /** How many refs reach some introduction in all. */
  refCount: number;
  /** True when some ref reaches a commit holding the blob. */
  reachable: boolean;
  /** True when HEAD's tree holds the blob at any path. */
  atHead: boolean;
}

/** What computeProvenance needs. */
export interface ProvenanceInput {
  refs: RefSet;
  /** Every commit oid in the store, reachable or not (or some of them, the rest in `commitIds`). */
  commits: string[];
  /** More commit ids, raw, 20 bytes each back to back (what the scan threads met), walked like `commits`. */
  commitIds?: readonly Uint8Array[];
  /** The links of `commitIds[k]`'s commits (commit-links.ts), so they are not read again. */
  commitLinks?: readonly Uint8Array[];
  /** Blob oids that had matches. */
  wanted: Set<string>;
  /** Oids listed in the shallow file. */
  shallow: string[];
  /**
   * A rerun's commits already in history at the recorded run (they cannot hold a blob that is new
   * since): their ancestors are not loaded, and they introduce nothing. `commits` then lists only
   * the new commits, and the walk costs what is new rather than the whole graph.
   */
  known?: (commit: string) => boolean;
}

/** Provenance per wanted blob, plus whatever could not be read on the way. */
export interface ProvenanceResult {
  blobs: Map<string, BlobProvenance>;
  issues: ScanIssue[];
}

/** Tuning knobs; defaults suit any repository. */
export interface ProvenanceOptions {
  /** Budget of the tree cache, in bytes. */
  treeCacheBytes?: number;
}

/**
 * Computes provenance for every blob in `input.wanted`. Commit C introduces blob B at path P
 * when C's tree has B at P and no parent of C has B at P (so renames and copies introduce
 * again, mode changes and merges that bring B from a branch do not). Every commit is walked,
 * unreachable ones included, plus any ancestor or ref tip missing from `input.commits`. A
 * commit's refs are the refs (and a detached `HEAD`) it is reachable from. Shallow-listed
 * commits and commits whose parents are missing count as roots; missing or damaged objects
 * become issues and the walk goes on.
 */
export function computeProvenance(reader: ObjectReader, input: ProvenanceInput, options: ProvenanceOptions = {}): ProvenanceResult {
  const plan = planProvenance(reader, input);
  const trees = new RawTreeCache(reader, plan.log, options.treeCacheBytes);
  const raw = findIntroductions(plan.graph, plan.order, plan.wanted, trees, plan.log);
  return finishProvenance(reader, plan, raw, [], trees);
}

/**
 * The commit graph and which refs reach each commit: everything of provenance but the tree
 * walk, which can run here ({@link computeProvenance}) or in parts elsewhere (each commit needs
 * only its root tree and its parents', see provenance-shares.ts), then {@link finishProvenance}.
 */
export interface ProvenancePlan {
  input: ProvenanceInput;
  log: IssueLog;
  graph: CommitGraph;
  /** The commits whose introductions are wanted, parents first (a rerun's known ones left out). */
  order: Int32Array;
  wanted: WantedBlobs;
  table: RefSetTable;
  setOf: Int32Array;
}

/** Loads the commit graph and computes each commit's refs (see computeProvenance). */
export function planProvenance(reader: ObjectReader, input: ProvenanceInput): ProvenancePlan {
  const log = new IssueLog();
  if (input.shallow.length > 0) log.add(shallowIssue(input.shallow));
  const known = input.known ?? (() => false);
  // A known tip reaches only known commits, so it cannot reach an introduction of a new blob.
  const tipList = listTips(input.refs).filter((tip) => !known(tip.oid));
  const seeds = [...input.commits, ...tipList.map((tip) => tip.oid)];
  const links = input.commitLinks && new CommitLinkIndex(input.commitIds ?? [], input.commitLinks);
  const graph = loadCommitGraph(reader, seeds, new Set(input.shallow), log, known, input.commitIds, links);

  const tips: RefTips = { names: [], commits: [] };
  for (const tip of tipList) {
    const index = graph.ids.findHex(tip.oid);
    if (index < 0) continue;
    tips.names.push(tip.name);
    tips.commits.push(index);
  }
  const childrenFirst = orderChildrenFirst(graph);
  const { table, setOf } = computeReach(graph, childrenFirst, tips);
  const parentsFirst = childrenFirst.slice().reverse();
  const order = input.known ? parentsFirst.filter((c) => !known(graph.ids.hexAt(c))) : parentsFirst;
  return { input, log, graph, order, wanted: new WantedBlobs(input.wanted), table, setOf };
}

/**
 * Provenance from a plan and the introductions its commits make (in `plan.order`'s order) along
 * with the issues met finding them, which are reported after the plan's own.
 */
export function finishProvenance(
  reader: ObjectReader,
  plan: ProvenancePlan,
  raw: readonly RawIntroduction[],
  issues: readonly ScanIssue[],
  trees = new RawTreeCache(reader, plan.log),
): ProvenanceResult {
  const { input, log, graph, wanted, table, setOf } = plan;
  for (const issue of issues) log.add(issue);
  const known = input.known ?? (() => false);
  const head = input.refs.head;
  const headIndex = head === null || known(head) ? -1 : graph.ids.findHex(head);
  const atHead = headIndex < 0 ? new Set<string>() : findWantedInTree(rootOf(graph, headIndex), wanted, trees, log);

  const describe = describeCommits(reader, graph, log);
  const byBlob = new Map<string, RawIntroduction[]>();
  for (const intro of raw) {
    const list = byBlob.get(intro.blob);
    if (list === undefined) byBlob.set(intro.blob, [intro]);
    else list.push(intro);
  }
  const blobs = new Map<string, BlobProvenance>();
  for (const blob of input.wanted) {
    const intros = byBlob.get(blob) ?? [];
    let union = 0;
    const dated: { seconds: number; intro: Introduction }[] = [];
    for (const found of intros) {
      const set = setOf[found.commit] as number;
      union = table.union(union, set);
      const facts = describe(found.commit);
      dated.push({ seconds: facts.seconds, intro: buildIntroduction(found, facts, table, set, graph) });
    }
    const introductions = dated.sort(compareDated).map((entry) => entry.intro);
    const refs = table.namesOf(union);
    blobs.set(blob, {
      introductions,
      refs: refs.slice(0, MAX_LISTED_REFS),
      refCount: refs.length,
      reachable: union !== 0,
      atHead: atHead.has(blob),
    });
  }
  return { blobs, issues: log.issues };
}

interface CommitFacts {
  author: string;
  email: string;
  date: string;
  seconds: number;
  committerDate: string;
  subject: string;
}

// Reads authors lazily: only commits that introduce a wanted blob need them.
function describeCommits(reader: ObjectReader, graph: CommitGraph, log: IssueLog): (index: number) => CommitFacts {
  const memo = new Map<number, CommitFacts>();
  return (index) => {
    let facts = memo.get(index);
    if (facts === undefined) {
      const oid = graph.ids.hexAt(index);
      try {
        const { data } = reader.read(oid);
        const { author, committer } = parseCommit(data);
        facts = {
          author: author.name,
          email: author.email,
          date: author.date,
          seconds: author.seconds,
          committerDate: committer.date,
          subject: parseCommitSubject(data),
        };
      } catch (error) {
        log.addError(error, oid, 'commit');
        facts = { author: '', email: '', date: '', seconds: 0, committerDate: '', subject: '' };
      }
      memo.set(index, facts);
    }
    return facts;
  };
}

function buildIntroduction(intro: RawIntroduction, facts: CommitFacts, table: RefSetTable, set: number, graph: CommitGraph): Introduction {
  const refs = table.namesOf(set);
  return {
    commit: graph.ids.hexAt(intro.commit),
    path: intro.path,
    author: facts.author,
    email: facts.email,
    date: facts.date,
    committerDate: facts.committerDate,
    subject: facts.subject,
    refs: refs.slice(0, MAX_LISTED_REFS),
    refCount: refs.length,
    reachable: set !== 0,
  };
}

function compareDated(x: { seconds: number; intro: Introduction }, y: { seconds: number; intro: Introduction }): number {
  if (x.seconds !== y.seconds) return x.seconds - y.seconds;
  const a = x.intro;
  const b = y.intro;
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

// A detached HEAD keeps its commit alive like a ref does, so it is a tip named `HEAD`.
function listTips(refs: RefSet): { name: string; oid: string }[] {
  const tips = [...refs.refs];
  if (refs.headRef === null && refs.head !== null) tips.push({ name: 'HEAD', oid: refs.head });
  return tips;
}

function shallowIssue(shallow: string[]): ScanIssue {
  return {
    code: 'GIT_SHALLOW',
    message:
      `shallow clone: history before ${shallow.length} commit(s) is absent, so secrets committed ` +
      'earlier were not scanned and first-commit dates may be too late; run `git fetch --unshallow` and rescan',
  };
}
