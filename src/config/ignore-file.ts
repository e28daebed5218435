// .credsweepignore: one entry a line, either a finding id (to silence one known false positive
// everywhere) or a path glob in .gitignore style (to keep fixtures and vendored code out).
// What it silences is counted in the summary, never dropped without a trace.
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import ignore from 'ignore';
import { ConfigError } from '../errors.js';

/** Parsed ignore entries. */
export interface IgnoreList {
  /** Finding ids to suppress. */
  ids: Set<string>;
  /** True when a path (relative, `/`-separated) is ignored. */
  matchesPath: (path: string) => boolean;
  /** The raw globs, for messages. */
  globs: string[];
}

const FINDING_ID = /^[0-9a-f]{32}$/;

/** An ignore list that ignores nothing. */
export function emptyIgnoreList(): IgnoreList {
  return { ids: new Set(), matchesPath: () => false, globs: [] };
}

/** Parses ignore-file text. Every line is valid .gitignore syntax now, so `_file` names nothing yet. */
export function parseIgnoreText(text: string, _file: string): IgnoreList {
  const ids = new Set<string>();
  const globs: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (FINDING_ID.test(line)) ids.add(line);
    else globs.push(line);
  }
  // The `ignore` package implements .gitignore's rules exactly, `!` negation and directory
  // patterns included, which a hand-written translation to globs did not.
  const matcher = ignore().add(globs);
  const matchesPath = (path: string): boolean => {
    const relative = path.replace(/^(\.\/)+/, '');
    // Paths come relative to the scanned root; anything else (an absolute or ../ path, which
    // `ignore` refuses) is outside what the file can speak for.
    if (relative === '' || isAbsolute(relative) || relative.startsWith('../')) return false;
    return matcher.ignores(relative);
  };
  return { ids, globs, matchesPath };
}

/** Reads an ignore file; a missing optional file gives an empty list. */
export function loadIgnoreFile(file: string, required: boolean): IgnoreList {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return emptyIgnoreList();
    throw new ConfigError('CONFIG_UNREADABLE', `cannot read ignore file ${file}: ${(err as Error).message}`, { file });
  }
  return parseIgnoreText(text, file);
}
