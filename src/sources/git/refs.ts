// Reads every ref a responder cares about straight from the files (no git binary), and peels
// each to the commit it names. Reflogs are deliberately not read: a commit only a reflog
// remembers is unreachable, which is exactly what an incident responder needs to be told.

import { createHash } from 'node:crypto';
import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GitError } from '../../errors.js';
import { compareText } from '../../text-order.js';
import type { ScanIssue } from '../../types.js';
import { parseTag } from './commit-parse.js';
import { readRegularFile, UnreadableFileError } from '../regular-file.js';
import type { ObjectReader, RepoLayout } from './git-types.js';
import { isObjectId } from './object-id.js';

/** One ref and the commit it finally names. */
export interface RefEntry {
  /** Full name, e.g. `refs/heads/main`, `refs/tags/v1`, `worktrees/wt1/HEAD`. */
  name: string;
  /** The commit oid after peeling annotated tags (tags of tags included). */
  oid: string;
}

/** Every ref of a repository that names a commit, plus HEAD. */
export interface RefSet {
  /** Refs sorted by name. Symbolic refs (e.g. `refs/remotes/origin/HEAD`) are left out as aliases. */
  refs: RefEntry[];
  /** The commit HEAD names; null on an unborn branch or when HEAD cannot be read. */
  head: string | null;
  /** The branch HEAD points to (`refs/heads/x`); null when HEAD is detached. */
  headRef: string | null;
  /** Refs that could not be read or point to missing or damaged objects. */
  issues: ScanIssue[];
}

const MAX_PEEL = 32;
const MAX_SYMREF_HOPS = 8;

/** A HEAD file other than this git dir's, by the name git gives it, and what it holds. */
interface HeadValue {
  name: string;
  value: string;
}

/** What the ref files hold, before anything is peeled: readRefValues, then peelRefs. */
export interface RefValues {
  /** packed-refs, then loose refs over them: name to an oid (`oid^peeled` when packed-refs gives one) or `ref: name`. */
  raw: Map<string, string>;
  /** Linked worktrees' HEADs (and the main worktree's, seen from a linked one). */
  otherHeads: HeadValue[];
  /** This git dir's HEAD, null when it cannot be read. */
  head: string | null;
  /** Ref files that could not be read. */
  issues: ScanIssue[];
}

/** Reads loose refs, packed-refs and HEAD, and peels them to commit oids. */
export function readRefs(layout: RepoLayout, reader: ObjectReader): RefSet {
  return peelRefs(readRefValues(layout), reader);
}

/** Reads every ref file (packed-refs, loose refs, worktree HEADs, HEAD), peeling nothing. */
export function readRefValues(layout: RepoLayout): RefValues {
  const issues: ScanIssue[] = [];
  const raw = readPackedRefs(layout.commonDir, issues);
  readLooseRefs(join(layout.commonDir, 'refs'), 'refs', raw, issues);
  const otherHeads = readOtherHeads(layout, issues);
  const head = readRefFile(join(layout.gitDir, 'HEAD'), issues);
  if (head === null) issues.push({ code: 'GIT_BAD_REF', message: `HEAD is missing or unreadable in ${layout.gitDir}` });
  return { raw, otherHeads, head, issues };
}

/**
 * A digest of `values`: equal digests, the same refs with the same values. With the same objects
 * too (ObjectStore.objectSetKey, of their ids), peeling them names the same tips again, unless
 * an object was damaged meanwhile (unchanged-repo.ts).
 */
export function refValuesKey(values: RefValues): string {
  const listed = [...values.raw].sort((a, b) => compareText(a[0], b[0]));
  return createHash('sha256')
    .update(JSON.stringify([listed, values.otherHeads, values.head]))
    .digest('hex');
}

/** Peels the refs of `values` to commit oids. */
export function peelRefs(values: RefValues, reader: ObjectReader): RefSet {
  const { raw, head: headValue } = values;
  const issues: ScanIssue[] = [...values.issues];
  const refs: RefEntry[] = [];
  for (const [name, value] of raw) {
    if (value.startsWith('ref:')) continue;
    const oid = resolveValue(name, value, raw, reader, issues);
    if (oid !== null) refs.push({ name, oid });
  }
  for (const { name, value } of values.otherHeads) {
    const oid = resolveValue(name, value, raw, reader, issues);
    if (oid !== null) refs.push({ name, oid });
  }
  refs.sort((a, b) => compareText(a.name, b.name));

  let head: string | null = null;
  let headRef: string | null = null;
  if (headValue?.startsWith('ref:')) {
    headRef = headValue.slice(4).trim();
    const target = raw.get(headRef);
    // A branch that does not exist yet (unborn) is normal in a fresh repository: no issue.
    head = target === undefined ? null : resolveValue(headRef, target, raw, reader, issues);
  } else if (headValue !== null) {
    head = resolveValue('HEAD', headValue, raw, reader, issues);
  }
  return { refs, head, headRef, issues: dedupeIssues(issues) };
}

/** Lists the commits named in `shallow` (history before them is absent); [] when not shallow. */
export function readShallow(layout: RepoLayout): string[] {
  if (!layout.shallow) return [];
  const text = readTextFile(join(layout.commonDir, 'shallow'), []);
  if (text === null) return [];
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => isObjectId(line));
}

// packed-refs: `<oid> <name>` lines; a `^<oid>` line gives the peeled target of the tag above
// it, which we use only when the tag object itself is missing.
function readPackedRefs(commonDir: string, issues: ScanIssue[]): Map<string, string> {
  const refs = new Map<string, string>();
  const text = readTextFile(join(commonDir, 'packed-refs'), issues);
  if (text === null) return refs;
  let last: string | null = null;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('^')) {
      if (last !== null) refs.set(last, `${refs.get(last)}^${line.slice(1).trim()}`);
      continue;
    }
    const sp = line.indexOf(' ');
    const oid = line.slice(0, sp);
    const name = line.slice(sp + 1).trim();
    if (sp < 0 || !isObjectId(oid) || name === '') {
      issues.push({ code: 'GIT_BAD_REF', message: `unreadable packed-refs line: ${line.slice(0, 120)}` });
      last = null;
      continue;
    }
    refs.set(name, oid);
    last = name;
  }
  return refs;
}

// Loose refs override packed ones of the same name, as in git.
function readLooseRefs(dir: string, prefix: string, refs: Map<string, string>, issues: ScanIssue[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const name = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      readLooseRefs(join(dir, entry.name), name, refs, issues);
    } else if (entry.isFile() && !entry.name.endsWith('.lock')) {
      const value = readRefFile(join(dir, entry.name), issues);
      if (value !== null && value !== '') refs.set(name, value);
    } else if (!entry.isFile() && !entry.isSymbolicLink()) {
      const path = join(dir, entry.name);
      issues.push({ code: 'GIT_NOT_A_FILE', message: `${path} is not a regular file; ref ${name} was not read`, path });
    }
  }
}

// Linked worktrees keep their own HEADs; a detached one keeps commits alive (git gc honours
// it), so it counts as a ref here under the name git itself uses.
function readOtherHeads(layout: RepoLayout, issues: ScanIssue[]): HeadValue[] {
  const heads: { name: string; file: string }[] = [];
  if (layout.gitDir !== layout.commonDir) {
    heads.push({ name: 'main-worktree/HEAD', file: join(layout.commonDir, 'HEAD') });
  }
  let ids: string[] = [];
  try {
    ids = readdirSync(join(layout.commonDir, 'worktrees'));
  } catch {
    // No linked worktrees.
  }
  // Sorted: the digest of the ref files (refValuesKey) must not depend on the directory's order.
  for (const id of ids.sort()) {
    const file = join(layout.commonDir, 'worktrees', id, 'HEAD');
    if (join(layout.gitDir, 'HEAD') !== file) heads.push({ name: `worktrees/${id}/HEAD`, file });
  }
  const found: HeadValue[] = [];
  for (const { name, file } of heads) {
    const value = readRefFile(file, issues);
    if (value !== null && !value.startsWith('ref:')) found.push({ name, value });
  }
  return found;
}

// Follows symbolic refs, then peels tags; returns null (with an issue when something is
// missing or damaged) when no commit can be reached.
function resolveValue(name: string, value: string, raw: Map<string, string>, reader: ObjectReader, issues: ScanIssue[]): string | null {
  let current = value;
  for (let hop = 0; current.startsWith('ref:'); hop++) {
    const next = raw.get(current.slice(4).trim());
    if (next === undefined || hop >= MAX_SYMREF_HOPS) return null;
    current = next;
  }
  const [oid = '', peeledHint] = current.split('^');
  if (!isObjectId(oid)) {
    issues.push({ code: 'GIT_BAD_REF', message: `ref ${name} holds neither an oid nor a symbolic ref` });
    return null;
  }
  return peelToCommit(name, oid, peeledHint ?? null, reader, issues);
}

function peelToCommit(name: string, start: string, peeledHint: string | null, reader: ObjectReader, issues: ScanIssue[]): string | null {
  let oid = start;
  for (let depth = 0; depth < MAX_PEEL; depth++) {
    if (!reader.has(oid)) {
      issues.push({ code: 'GIT_MISSING_OBJECT', message: `ref ${name} points to missing object ${oid}`, object: oid });
      if (peeledHint !== null && peeledHint !== oid && reader.has(peeledHint)) {
        oid = peeledHint;
        continue;
      }
      return null;
    }
    try {
      const object = reader.read(oid);
      if (object.type === 'commit') return oid;
      // A tag of a tree or blob is legal (e.g. linux's v2.6.11-tree) but names no history.
      if (object.type !== 'tag') return null;
      oid = parseTag(object.data).object;
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      issues.push({ code: error.code, message: `ref ${name}: ${error.message}`, object: oid });
      return null;
    }
  }
  issues.push({ code: 'GIT_BAD_REF', message: `ref ${name}: tag chain deeper than ${MAX_PEEL}`, object: start });
  return null;
}

function readRefFile(file: string, issues: ScanIssue[]): string | null {
  const text = readTextFile(file, issues);
  return text === null ? null : text.trim();
}

// packed-refs of a mirror with a million refs is about 60 MB.
const REFS_FILE_LIMIT = 512 << 20;

// Absent is normal; anything else that stops the read (a FIFO, a device, a huge file) is an issue
// naming the file, since the refs it holds are then unknown.
function readTextFile(file: string, issues: ScanIssue[]): string | null {
  try {
    return readRegularFile(file, REFS_FILE_LIMIT).toString('utf8');
  } catch (err) {
    if (err instanceof UnreadableFileError) issues.push({ code: 'GIT_NOT_A_FILE', message: err.message, path: file });
    return null;
  }
}

function dedupeIssues(issues: ScanIssue[]): ScanIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.code}\0${issue.object ?? ''}\0${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
