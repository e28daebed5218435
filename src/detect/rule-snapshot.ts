// The built-in rules as one JSON file, written at build time next to the compiled code, so a
// start (a pre-commit hook's, above all) reads one file instead of parsing 200+ rules of YAML.
// The snapshot records each rule file's name and a SHA-256 of its content and is used only when
// the detectors/ folder still matches exactly; an edited rule file falls back to the YAML.
// Content, not dates: `npm pack` sets every file date to 1985 and a checkout rewrites dates,
// and either made every run of an installed package parse all the YAML again. Hashing the
// folder (under 1 MB, 700+ files) costs some 20 CPU-ms, so once a match is known the files' stats
// are recorded too (snapshot-stat-stamp.ts) and a start that finds them unchanged reads no rule
// file; one that finds them changed but the content the same (a checkout or copy that rewrote
// the files) records them again; in a package npm installed, the folder's listing is enough.
// Nothing here may import the YAML parser.
//
// The rules' examples (a third of the catalog's bytes) are checked by `rules check` and the tests,
// never read by a scan, and their documentation (description, revoke, references: a third of
// what is left) is read only by the SARIF report and the rule listing: each is kept in a file of
// its own beside the snapshot, so a start parses only what a scan runs. The rules share 88
// distinct allow lists among 990: each list is written once and named by its index.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../types.js';
import { folderStatKey, snapshotId, statStampFile, statStampMatches, takeStatStamp, writeStatStamp } from './snapshot-stat-stamp.js';

/** Where the snapshot lives: beside the compiled code (dist/), never in src/. */
export const SNAPSHOT_FILE = fileURLToPath(new URL('../builtin-rules.json', import.meta.url));

/** The rule files shipped with the package. */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../detectors/', import.meta.url));

const VERSION = 5;

interface FileStamp {
  name: string;
  sha256: string;
}

type Examples = Pick<Rule, 'examples' | 'negativeExamples'>;
type Docs = Pick<Rule, 'description' | 'revoke' | 'references'>;

/** A rule as the snapshot holds it: its allow list as an index into the snapshot's `allows`. */
type SnapshotRule = Omit<Rule, keyof Examples | keyof Docs | 'allow'> & { allow: number };

interface Snapshot {
  version: number;
  /** snapshotId(files), worked out when written: a start need not hash the list again. */
  id: string;
  files: FileStamp[];
  /** The distinct allow lists of the rules. */
  allows: string[][];
  /** Rules with `file` as a name inside the detectors folder, without examples or documentation. */
  rules: SnapshotRule[];
}

/** A part of the rules of snapshot `snapshot` (its snapshotId) kept aside, by rule id. */
interface SideFile<T> {
  snapshot: string;
  rules: Record<string, T>;
}

/** The file beside the snapshot `file` that holds its rules' examples. */
export function examplesFile(file: string): string {
  return file.replace(/(\.json)?$/, '.examples.json');
}

/** The file beside the snapshot `file` that holds its rules' documentation. */
export function docsFile(file: string): string {
  return file.replace(/(\.json)?$/, '.docs.json');
}

function ruleFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort();
}

function stampFolder(dir: string, names = ruleFileNames(dir)): FileStamp[] {
  return names.map((name) => ({
    name,
    sha256: createHash('sha256')
      .update(readFileSync(join(dir, name)))
      .digest('hex'),
  }));
}

function sameFiles(now: readonly FileStamp[], then: readonly FileStamp[]): boolean {
  return (
    now.length === then.length &&
    now.every((f, i) => {
      const s = then[i] as FileStamp;
      return s.name === f.name && s.sha256 === f.sha256;
    })
  );
}

// Whether the files in `dir` are those the snapshot was made from: by their names alone when npm
// manages the folder, by their stats when a stamp vouches for them, else by content (and then
// the stats are recorded, taken before the content is read).
function matchesFolder(dir: string, snapshot: Snapshot, file: string, managed = false): boolean {
  const stampFile = statStampFile(file);
  // A stamp is only written for a listing equal to the snapshot's, and the folder's own stat in
  // it changes with any file added, removed or renamed: while that stat holds, so does the listing.
  const listed = snapshot.files.map((f) => f.name);
  if (!managed && statStampMatches(stampFile, dir, listed, snapshot.id)) return true;
  // Taken before listing, so a file added meanwhile leaves the stamp stale rather than wrong.
  const folder = folderStatKey(dir);
  const names = ruleFileNames(dir);
  // Another listing cannot have the same content: no file need be read to say so.
  if (names.length !== listed.length || names.some((n, i) => listed[i] !== n)) return false;
  if (managed) return true;
  const stamp = takeStatStamp(dir, folder, names, snapshot.id);
  if (!sameFiles(stampFolder(dir, names), snapshot.files)) return false;
  writeStatStamp(stampFile, stamp);
  return true;
}

/** Writes the snapshot of `rules`, loaded from the rule files in `dir`. */
export function writeRuleSnapshot(dir: string, rules: Rule[], file = SNAPSHOT_FILE): void {
  const allows = new Map<string, number>();
  const allowIndex = (list: string[]): number => {
    const key = JSON.stringify(list);
    if (!allows.has(key)) allows.set(key, allows.size);
    return allows.get(key) as number;
  };
  const snapshotRules = rules.map(({ examples, negativeExamples, description, revoke, references, ...r }) => ({
    ...r,
    allow: allowIndex(r.allow),
    file: r.file.slice(r.file.lastIndexOf('/') + 1),
  }));
  const files = stampFolder(dir);
  const snapshot: Snapshot = {
    version: VERSION,
    id: snapshotId(files),
    files,
    allows: [...allows.keys()].map((key) => JSON.parse(key) as string[]),
    rules: snapshotRules,
  };
  const { id } = snapshot;
  const examples: SideFile<Examples> = {
    snapshot: id,
    rules: Object.fromEntries(rules.map((r) => [r.id, { examples: r.examples, negativeExamples: r.negativeExamples }])),
  };
  const docs: SideFile<Docs> = {
    snapshot: id,
    rules: Object.fromEntries(rules.map((r) => [r.id, { description: r.description, revoke: r.revoke, references: r.references }])),
  };
  writeFileSync(examplesFile(file), JSON.stringify(examples));
  writeFileSync(docsFile(file), JSON.stringify(docs));
  writeFileSync(file, JSON.stringify(snapshot));
  stampSnapshot(dir, file);
}

function parseSnapshot(file: string): Snapshot | null {
  try {
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    if (snapshot.version !== VERSION || typeof snapshot.id !== 'string') return null;
    // An index with no list would drop a rule's allow list: such a file is not ours.
    return snapshot.rules.every((r) => snapshot.allows[r.allow] !== undefined) ? snapshot : null;
  } catch {
    return null;
  }
}

/**
 * Records the detector files' stats beside the snapshot when their content matches it, so later
 * starts need not read them: after the build (readRuleSnapshot does it on an installed package's first start).
 */
export function stampSnapshot(dir = BUILTIN_RULES_DIR, file = SNAPSHOT_FILE): boolean {
  const snapshot = parseSnapshot(file);
  if (snapshot === null) return false;
  try {
    return matchesFolder(dir, snapshot, file);
  } catch {
    return false;
  }
}

// The part of the rules in `side` written with `snapshot`, or null when that file is missing or
// from another build.
function readSide<T>(side: string, snapshot: Snapshot): Map<string, T> | null {
  try {
    const parsed = JSON.parse(readFileSync(side, 'utf8')) as SideFile<T>;
    return parsed.snapshot === snapshot.id ? new Map(Object.entries(parsed.rules)) : null;
  } catch {
    return null;
  }
}

// A package under node_modules is npm's: its rule files change only with a reinstall, which
// brings (or builds on first use) a snapshot of its own. There a start lists the folder instead
// of taking the stat of its 700+ files (13-19 ms of a pre-commit hook). A checkout, where rules
// are edited, keeps the full check.
function managedByNpm(dir: string): boolean {
  try {
    return realpathSync(dir).split(sep).includes('node_modules');
  } catch {
    return false;
  }
}

/**
 * The rules of the snapshot when it matches the files in `dir` exactly, else null. A package
 * unpacked without the files' stats (an install runs no script of ours), or a folder whose files
 * were written again, records them on its first start when the content matches. With `examples:
 * false` (what a scan asks for) the rules come without their examples, with `docs: false` (a scan
 * that writes no SARIF) without their description, revoke and references (an empty list); what
 * is left out is not read.
 */
export function readRuleSnapshot(dir: string, file = SNAPSHOT_FILE, { examples = true, docs = true } = {}): Rule[] | null {
  const snapshot = parseSnapshot(file);
  if (snapshot === null) return null;
  let same: boolean;
  try {
    same = matchesFolder(dir, snapshot, file, managedByNpm(dir));
  } catch {
    return null;
  }
  if (!same) return null;
  const shown = examples ? readSide<Examples>(examplesFile(file), snapshot) : null;
  if (examples && shown === null) return null;
  const told = docs ? readSide<Docs>(docsFile(file), snapshot) : null;
  if (docs && told === null) return null;
  // The parsed rules are this call's own: completed in place, not copied (a copy of each with its
  // path joined anew cost a start 5-7 ms). A rule's file is a plain name inside `dir`.
  const prefix = join(dir, '_').slice(0, -1);
  const { allows } = snapshot;
  const rules = snapshot.rules as unknown as Rule[];
  for (const r of rules) {
    // Rules with the same allow list share one array (nothing changes a rule's list).
    r.allow = allows[r.allow as unknown as number] as string[];
    const own = shown?.get(r.id);
    r.examples = own?.examples ?? [];
    r.negativeExamples = own?.negativeExamples ?? [];
    const doc = told?.get(r.id);
    r.references = doc?.references ?? [];
    if (doc?.description !== undefined) r.description = doc.description;
    if (doc?.revoke !== undefined) r.revoke = doc.revoke;
    r.file = prefix + r.file;
  }
  return rules;
}
