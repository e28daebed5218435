// The built-in rules as one JSON file, written at build time next to the compiled code, so a
// start (a pre-commit hook's, above all) reads one file instead of parsing 200+ rules of YAML.
// The snapshot records each rule file's name and a SHA-256 of its content and is used only when
// the detectors/ folder still matches exactly; an edited rule file falls back to the YAML.
// Content, not dates: `npm pack` sets every file date to 1985 and a checkout rewrites dates,
// and either made every run of an installed package parse all the YAML again. Hashing the
// folder (under 1 MB, 700+ files) costs some 20 CPU-ms, so once a match is known the files' stats
// are recorded too (snapshot-stat-stamp.ts) and a start that finds them unchanged reads no rule
// file. Nothing here may import the YAML parser.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../types.js';
import { snapshotId, statStampFile, statStampMatches, takeStatStamp, writeStatStamp } from './snapshot-stat-stamp.js';

/** Where the snapshot lives: beside the compiled code (dist/), never in src/. */
export const SNAPSHOT_FILE = fileURLToPath(new URL('../builtin-rules.json', import.meta.url));

/** The rule files shipped with the package. */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../detectors/', import.meta.url));

const VERSION = 2;

interface FileStamp {
  name: string;
  sha256: string;
}

interface Snapshot {
  version: number;
  files: FileStamp[];
  /** Rules with `file` as a name inside the detectors folder. */
  rules: Rule[];
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

// Whether the files in `dir` are those the snapshot was made from: by their stats when a stamp
// vouches for them, else by content (and then the stats are recorded if `restamp`).
function matchesFolder(dir: string, snapshot: Snapshot, file: string, restamp: boolean): boolean {
  const names = ruleFileNames(dir);
  const id = snapshotId(snapshot.files);
  const listed = names.length === snapshot.files.length && names.every((n, i) => snapshot.files[i]?.name === n);
  if (listed && statStampMatches(statStampFile(file), dir, names, id)) return true;
  const stamp = restamp ? takeStatStamp(dir, names, id) : null;
  if (!sameFiles(stampFolder(dir, names), snapshot.files)) return false;
  if (stamp) writeStatStamp(statStampFile(file), stamp);
  return true;
}

/** Writes the snapshot of `rules`, loaded from the rule files in `dir`. */
export function writeRuleSnapshot(dir: string, rules: Rule[], file = SNAPSHOT_FILE): void {
  const snapshot: Snapshot = {
    version: VERSION,
    files: stampFolder(dir),
    rules: rules.map((r) => ({ ...r, file: r.file.slice(r.file.lastIndexOf('/') + 1) })),
  };
  writeFileSync(file, JSON.stringify(snapshot));
  stampSnapshot(dir, file);
}

function parseSnapshot(file: string): Snapshot | null {
  try {
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    return snapshot.version === VERSION ? snapshot : null;
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
    return matchesFolder(dir, snapshot, file, true);
  } catch {
    return false;
  }
}

/**
 * The rules of the snapshot when it matches the files in `dir` exactly, else null. A package
 * unpacked without the files' stats (an install runs no script of ours) records them on its
 * first start, when the content matches.
 */
export function readRuleSnapshot(dir: string, file = SNAPSHOT_FILE): Rule[] | null {
  const snapshot = parseSnapshot(file);
  if (snapshot === null) return null;
  let same: boolean;
  try {
    same = matchesFolder(dir, snapshot, file, !existsSync(statStampFile(file)));
  } catch {
    return null;
  }
  return same ? snapshot.rules.map((r) => ({ ...r, file: join(dir, r.file) })) : null;
}
