// .credsweepignore: one entry a line, either a finding id (to silence one known false positive
// everywhere) or a path glob in .gitignore style (to keep fixtures and vendored code out).
// What it silences is counted in the summary, never dropped without a trace.
import picomatch from 'picomatch';
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

// .gitignore semantics, simplified: a pattern without a slash matches at any depth, a leading
// slash anchors at the root, a trailing slash means "this directory and everything in it".
function toGlobs(pattern: string): string[] {
  let p = pattern;
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.slice(0, -1);
  const anchored = p.startsWith('/') || p.slice(0, -1).includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  const base = anchored ? p : `**/${p}`;
  return dirOnly ? [`${base}/**`] : [base, `${base}/**`];
}

/** Parses ignore-file text; `file` names the source in errors. */
export function parseIgnoreText(text: string, file: string): IgnoreList {
  const ids = new Set<string>();
  const globs: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (FINDING_ID.test(line)) {
      ids.add(line);
      return;
    }
    if (line.startsWith('!')) {
      throw new ConfigError('CONFIG_INVALID', `${file}:${index + 1}: negated patterns ("${line}") are not supported`, {
        file,
        line: index + 1,
      });
    }
    globs.push(line);
  });
  const matchers = globs.map((glob) => ({ glob, tests: toGlobs(glob).map((g) => picomatch(g, { dot: true })) }));
  const whyPath = (path: string) => {
    const hit = matchers.find((m) => m.tests.some((t) => t(path)));
    return hit === undefined ? null : `${file}: ${hit.glob}`;
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
