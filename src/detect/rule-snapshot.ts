// The built-in rules as one JSON file, written at build time next to the compiled code, so a
// start (a pre-commit hook's, above all) reads one file instead of parsing 200+ rules of YAML.
// The snapshot records each rule file's name and a SHA-256 of its content and is used only when
// the detectors/ folder still matches exactly; an edited rule file falls back to the YAML.
// Content, not dates: `npm pack` sets every file date to 1985 and a checkout rewrites dates,
// and either made every run of an installed package parse all the YAML again. Hashing the
// folder (under 1 MB) costs a few milliseconds. Nothing here may import the YAML parser.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../types.js';

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

function stampFolder(dir: string): FileStamp[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => ({
      name,
      sha256: createHash('sha256')
        .update(readFileSync(join(dir, name)))
        .digest('hex'),
    }));
}

/** Writes the snapshot of `rules`, loaded from the rule files in `dir`. */
export function writeRuleSnapshot(dir: string, rules: Rule[], file = SNAPSHOT_FILE): void {
  const snapshot: Snapshot = {
    version: VERSION,
    files: stampFolder(dir),
    rules: rules.map((r) => ({ ...r, file: r.file.slice(r.file.lastIndexOf('/') + 1) })),
  };
  writeFileSync(file, JSON.stringify(snapshot));
}

/** The rules of the snapshot when it matches the files in `dir` exactly, else null. */
export function readRuleSnapshot(dir: string, file = SNAPSHOT_FILE): Rule[] | null {
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  } catch {
    return null;
  }
  if (snapshot.version !== VERSION) return null;
  let now: FileStamp[];
  try {
    now = stampFolder(dir);
  } catch {
    return null;
  }
  const same =
    now.length === snapshot.files.length &&
    now.every((f, i) => {
      const s = snapshot.files[i] as FileStamp;
      return s.name === f.name && s.sha256 === f.sha256;
    });
  return same ? snapshot.rules.map((r) => ({ ...r, file: join(dir, r.file) })) : null;
}
