// .credsweepignore: one entry a line, either a finding id (to silence one known false positive
// everywhere) or a path glob in .gitignore style (to keep fixtures and vendored code out).
// What it silences is counted in the summary, never dropped without a trace.
import { isAbsolute } from 'node:path';
import ignore from 'ignore';
import { ConfigError } from '../errors.js';
import { readBoundedFile, SETTINGS_FILE_LIMIT } from './bounded-file.js';

/** Parsed ignore entries. */
export interface IgnoreList {
  /** Finding ids to suppress. */
  ids: Set<string>;
  /** True when a path (relative, `/`-separated) is ignored. */
  matchesPath: (path: string) => boolean;
  /** The raw globs, for messages. */
  globs: string[];
  /** What ignores `path` ("FILE: GLOB"), or null: to list what was suppressed and why. */
  whyPath: (path: string) => string | null;
  /** The file that listed finding id `id`, or null. */
  whyId: (id: string) => string | null;
}

const FINDING_ID = /^[0-9a-f]{32}$/;

/** An ignore list that ignores nothing. */
export function emptyIgnoreList(): IgnoreList {
  return { ids: new Set(), matchesPath: () => false, globs: [], whyPath: () => null, whyId: () => null };
}

/** One list applying every entry of `lists` (the first that explains a suppression names it). */
export function mergeIgnoreLists(lists: IgnoreList[]): IgnoreList {
  const whyPath = (p: string) => lists.reduce<string | null>((why, l) => why ?? l.whyPath(p), null);
  const whyId = (id: string) => lists.reduce<string | null>((why, l) => why ?? l.whyId(id), null);
  return {
    ids: new Set(lists.flatMap((l) => [...l.ids])),
    globs: lists.flatMap((l) => l.globs),
    matchesPath: (p) => whyPath(p) !== null,
    whyPath,
    whyId,
  };
}

/** Parses ignore-file text; `file` names the source in the reasons whyPath and whyId give. */
export function parseIgnoreText(text: string, file: string): IgnoreList {
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
  const whyPath = (path: string): string | null => {
    const relative = path.replace(/^(\.\/)+/, '');
    // Paths come relative to the scanned root; anything else (an absolute or ../ path, which
    // `ignore` refuses) is outside what the file can speak for.
    if (relative === '' || isAbsolute(relative) || relative.startsWith('../')) return null;
    const result = matcher.checkIgnore(relative);
    return result.ignored ? `${file}: ${result.rule?.pattern ?? relative}` : null;
  };
  return { ids, globs, matchesPath: (path) => whyPath(path) !== null, whyPath, whyId: (id) => (ids.has(id) ? file : null) };
}

/** Reads an ignore file; a missing optional file gives an empty list. */
export function loadIgnoreFile(file: string, required: boolean): IgnoreList {
  let text: string;
  try {
    text = readBoundedFile(file, SETTINGS_FILE_LIMIT);
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return emptyIgnoreList();
    throw new ConfigError('CONFIG_UNREADABLE', `cannot read ignore file ${file}: ${(err as Error).message}`, { file });
  }
  return parseIgnoreText(text, file);
}
