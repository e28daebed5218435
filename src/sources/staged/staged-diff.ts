// Parses `git diff --cached --full-index -U0` into what a pre-commit scan needs per staged file:
// the staged blob's id and the line ranges the commit adds. Content is never taken from the
// patch text (the scanner reads the staged blob itself, so a multi-line secret is seen whole
// and line numbers are the staged file's); the patch only says which lines are new.

/** One file in the staged change. */
export interface StagedFile {
  /** Path in the index (the new path of a rename or copy), `/`-separated. */
  path: string;
  /** The staged blob's id (full hex). */
  oid: string;
  /** Octal mode of the staged entry, e.g. `100644`, `120000`; empty when the patch did not say. */
  mode: string;
  /** True for a file new to the commit (added, or copied/renamed with changes counted whole). */
  added: boolean;
  /** True when git reported the content as binary: the whole blob is what is committed. */
  binary: boolean;
  /** 1-based inclusive line ranges added or changed in the staged blob. */
  addedLines: Array<[number, number]>;
}

/**
 * The options every patch credsweep parses is made with: no drivers that could run code or
 * rewrite content, full object ids, no context lines, renames found, fixed a/ b/ prefixes, and
 * only files that add content (added, copied, modified, renamed, type-changed).
 */
export const PATCH_ARGS: readonly string[] = [
  '--no-ext-diff',
  '--no-textconv',
  '--no-color',
  '--no-relative',
  '--full-index',
  '--unified=0',
  '--find-renames',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--ignore-submodules=all',
  '--diff-filter=ACMRT',
];

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;
const INDEX = /^index [0-9a-f]+\.\.([0-9a-f]+)(?: (\d+))?$/;

/** Undoes git's C-style quoting of a path (`"a\tb"`, octal escapes for other bytes). */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"')) return text;
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '"': 34, '\\': 92 };
  for (let i = 1; i < text.length - 1; i++) {
    const ch = text[i] as string;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = text[++i] as string;
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(text.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(simple[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

function stripPrefix(path: string, prefix: string): string {
  const unquoted = unquoteGitPath(path);
  return unquoted.startsWith(prefix) ? unquoted.slice(prefix.length) : unquoted;
}

/**
 * Reads the patch of `git diff --cached --full-index -U0 --src-prefix=a/ --dst-prefix=b/`.
 * Deleted files are left out (nothing of theirs is committed); submodules (mode 160000) too.
 */
export function parseStagedDiff(patch: string): StagedFile[] {
  const files: StagedFile[] = [];
  let current: (StagedFile & { deleted: boolean }) | null = null;
  const finish = () => {
    if (current && !current.deleted && current.oid !== '' && current.mode !== '160000' && !/^0+$/.test(current.oid)) {
      const { deleted: _deleted, ...file } = current;
      files.push(file);
    }
  };
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      finish();
      current = { path: '', oid: '', mode: '', added: false, binary: false, addedLines: [], deleted: false };
      continue;
    }
    if (current === null) continue;
    const hunk = HUNK.exec(line);
    if (hunk) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      if (count > 0) current.addedLines.push([start, start + count - 1]);
      continue;
    }
    if (line.startsWith('+') || line.startsWith('-') || line.startsWith(' ')) {
      if (line.startsWith('+++ ')) {
        const target = line.slice(4);
        if (target !== '/dev/null') current.path = stripPrefix(target, 'b/');
      }
      continue;
    }
    const index = INDEX.exec(line);
    if (index) {
      current.oid = index[1] as string;
      if (index[2]) current.mode = index[2];
    } else if (line.startsWith('new file mode ')) {
      current.added = true;
      current.mode = line.slice('new file mode '.length);
    } else if (line.startsWith('new mode ')) current.mode = line.slice('new mode '.length);
    else if (line.startsWith('deleted file mode ')) current.deleted = true;
    else if (line.startsWith('rename to ') || line.startsWith('copy to '))
      current.path = unquoteGitPath(line.slice(line.indexOf(' to ') + 4));
    else if (line.startsWith('Binary files ')) {
      current.binary = true;
      const m = / and (?:b\/(.*)|"b\/(.*)") differ$/.exec(line);
      if (m && current.path === '') current.path = m[1] ?? unquoteGitPath(`"${m[2]}"`);
    }
  }
  finish();
  return files;
}
