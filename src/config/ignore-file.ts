// .credsweepignore: one entry a line, either a finding id (to silence one known false positive
// everywhere) or a path glob in .gitignore style (to keep fixtures and vendored code out).
// What it silences is counted in the summary, never dropped without a trace.
import { readFileSync } from 'node:fs';
import picomatch from 'picomatch';
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
  const matchers = globs.flatMap(toGlobs).map((g) => picomatch(g, { dot: true }));
  return { ids, globs, matchesPath: (path) => matchers.some((m) => m(path)) };
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
