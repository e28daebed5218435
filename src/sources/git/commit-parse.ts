// Parsers for commit and tag objects. Only the headers provenance needs are read; everything
// else (gpgsig, mergetag, unknown headers and their continuation lines) is stepped over, so
// signed commits, merged signed tags and odd third-party headers parse like plain ones.

import { isUtf8 } from 'node:buffer';
import { GitError } from '../../errors.js';
import type { GitObjectType } from './git-types.js';
import { isObjectId } from './object-id.js';

/** A person and a moment, from an `author`, `committer` or `tagger` header. */
export interface Signature {
  /** Name as written (decoded with the commit's `encoding`, else UTF-8, else Windows-1252). */
  name: string;
  /** Email without the angle brackets; '' when the header has none. */
  email: string;
  /** The moment in ISO 8601 UTC with seconds precision, e.g. `2024-03-01T10:00:00Z`. */
  date: string;
  /** Seconds since the Unix epoch; 0 when the header's timestamp is unreadable. */
  seconds: number;
  /** The timezone offset as written, e.g. `+0200`; '' when absent. */
  timezone: string;
}

/** The parts of a commit that provenance uses. */
export interface ParsedCommit {
  /** Root tree oid. */
  tree: string;
  /** Parent commit oids, in header order (empty for a root commit). */
  parents: string[];
  author: Signature;
  committer: Signature;
}

/** The parts of an annotated tag that ref peeling uses. */
export interface ParsedTag {
  /** Oid of the tagged object. */
  object: string;
  /** Type of the tagged object, as the tag declares it. */
  type: GitObjectType;
  /** Tag name ('' when the header is absent). */
  tag: string;
}

const NEWLINE = 0x0a;
const SPACE = 0x20;
const OBJECT_TYPES = new Set<string>(['commit', 'tree', 'blob', 'tag']);
// Date accepts ±8.64e15 ms; anything beyond cannot be shown, so it is treated as unreadable.
const MAX_SECONDS = 8.64e12;

/** Parses a commit object's body; throws GitError `GIT_CORRUPT_OBJECT` when tree or idents are missing. */
export function parseCommit(data: Buffer): ParsedCommit {
  let tree: string | null = null;
  const parents: string[] = [];
  let author: Buffer | null = null;
  let committer: Buffer | null = null;
  let encoding: string | null = null;
  // Like git, only `parent` lines right after `tree` count; a stray one later is ignored.
  let parentsOpen = true;
  for (const [key, value] of readHeaders(data)) {
    if (key === 'tree' && tree === null) {
      tree = readOid(value, 'tree');
    } else if (key === 'parent' && parentsOpen && tree !== null) {
      parents.push(readOid(value, 'parent'));
      continue;
    } else if (key === 'author' && author === null) {
      author = value;
    } else if (key === 'committer' && committer === null) {
      committer = value;
    } else if (key === 'encoding' && encoding === null) {
      encoding = value.toString('latin1').trim();
    }
    if (key !== 'tree') parentsOpen = false;
  }
  if (tree === null) throw corrupt('commit has no tree header');
  if (author === null) throw corrupt('commit has no author header');
  if (committer === null) throw corrupt('commit has no committer header');
  return {
    tree,
    parents,
    author: parseSignature(author, encoding),
    committer: parseSignature(committer, encoding),
  };
}

/** The graph edges of a commit: its tree and parents. */
export interface CommitLinks {
  tree: string;
  parents: string[];
}

/**
 * Reads only the `tree` and `parent` lines that open every commit, for walking large graphs
 * where idents are not needed; throws GitError `GIT_CORRUPT_OBJECT` when the tree line is missing.
 */
export function parseCommitLinks(data: Buffer): CommitLinks {
  let pos = 0;
  let tree: string | null = null;
  const parents: string[] = [];
  while (pos < data.length) {
    let eol = data.indexOf(NEWLINE, pos);
    if (eol < 0) eol = data.length;
    const line = data.toString('latin1', pos, eol);
    if (tree === null) {
      if (!line.startsWith('tree ')) break;
      tree = readOid(data.subarray(pos + 5, eol), 'tree');
    } else if (line.startsWith('parent ')) {
      parents.push(readOid(data.subarray(pos + 7, eol), 'parent'));
    } else {
      break;
    }
    pos = eol + 1;
  }
  if (tree !== null) return { tree, parents };
  // Not the usual layout: let the full parser find the tree or report the damage.
  const full = parseCommit(data);
  return { tree: full.tree, parents: full.parents };
}

/** Parses an annotated tag's body; throws GitError `GIT_CORRUPT_OBJECT` without object or type. */
export function parseTag(data: Buffer): ParsedTag {
  let object: string | null = null;
  let type: string | null = null;
  let tag = '';
  for (const [key, value] of readHeaders(data)) {
    if (key === 'object' && object === null) object = readOid(value, 'object');
    else if (key === 'type' && type === null) type = value.toString('latin1').trim();
    else if (key === 'tag' && tag === '') tag = value.toString('utf8');
  }
  if (object === null) throw corrupt('tag has no object header');
  if (type === null || !OBJECT_TYPES.has(type)) throw corrupt(`tag has a bad type header: ${type}`);
  return { object, type: type as GitObjectType, tag };
}

/** Longest commit subject kept, in characters: the message is the repository's data, shown, never trusted. */
export const MAX_SUBJECT_CHARS = 120;

/**
 * The commit's subject: the first non-blank line of its message, decoded like its idents, trimmed,
 * cut to MAX_SUBJECT_CHARS with `…` when longer; '' when the message is empty. Control characters
 * are kept (the JSON escapes them; the text report neutralises them).
 */
export function parseCommitSubject(data: Buffer): string {
  let encoding: string | null = null;
  for (const [key, value] of readHeaders(data)) {
    if (key === 'encoding' && encoding === null) encoding = value.toString('latin1').trim();
  }
  const gap = data.indexOf('\n\n');
  let pos = gap < 0 ? data.length : gap + 2;
  while (pos < data.length && (data[pos] === NEWLINE || data[pos] === SPACE || data[pos] === 0x0d || data[pos] === 0x09)) pos++;
  let eol = data.indexOf(NEWLINE, pos);
  if (eol < 0) eol = data.length;
  // A line of any length costs only the bytes that can become MAX_SUBJECT_CHARS characters (and one
  // more), cut where no UTF-8 sequence is split so the UTF-8 check still holds.
  let end = Math.min(eol, pos + (MAX_SUBJECT_CHARS + 1) * 4);
  while (end < eol && end > pos && ((data[end] as number) & 0xc0) === 0x80) end--;
  const bytes = data.subarray(pos, end);
  const chars = Array.from(decodeText(bytes, encoding).trimEnd());
  return chars.length > MAX_SUBJECT_CHARS ? `${chars.slice(0, MAX_SUBJECT_CHARS).join('')}…` : chars.join('');
}

/** Parses `Name <email> 1700000000 +0100` leniently: a damaged ident still yields what it can. */
export function parseSignature(raw: Buffer, encoding: string | null = null): Signature {
  const text = decodeText(raw, encoding);
  const lt = text.indexOf('<');
  const gt = text.lastIndexOf('>');
  let name: string;
  let email = '';
  let rest: string;
  if (lt >= 0 && gt > lt) {
    name = text.slice(0, lt).trim();
    email = text.slice(lt + 1, gt).trim();
    rest = text.slice(gt + 1).trim();
  } else {
    const m = /^(.*?)\s*(-?\d+\s*[-+]?\d*)?\s*$/.exec(text);
    name = (m?.[1] ?? text).trim();
    rest = m?.[2] ?? '';
  }
  const [stamp = '', timezone = ''] = rest.split(/\s+/);
  let seconds = /^-?\d+$/.test(stamp) ? Number(stamp) : 0;
  if (!Number.isSafeInteger(seconds) || Math.abs(seconds) > MAX_SECONDS) seconds = 0;
  return { name, email, date: formatIsoSeconds(seconds), seconds, timezone };
}

/** Formats epoch seconds as ISO 8601 UTC without milliseconds, as the findings JSON shows dates. */
export function formatIsoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// Yields [key, value] for each header line up to the blank line; continuation lines (leading
// space) belong to the header before them and are skipped, since no header we read spans lines.
function* readHeaders(data: Buffer): Generator<[string, Buffer]> {
  let pos = 0;
  while (pos < data.length) {
    let eol = data.indexOf(NEWLINE, pos);
    if (eol < 0) eol = data.length;
    if (eol === pos) return;
    if (data[pos] !== SPACE) {
      const sp = data.indexOf(SPACE, pos);
      const keyEnd = sp < 0 || sp > eol ? eol : sp;
      const valueStart = keyEnd === eol ? eol : keyEnd + 1;
      yield [data.toString('latin1', pos, keyEnd), data.subarray(valueStart, eol)];
    }
    pos = eol + 1;
  }
}

function readOid(value: Buffer, header: string): string {
  const oid = value.toString('latin1').trim();
  if (!isObjectId(oid)) throw corrupt(`bad ${header} oid: ${oid.slice(0, 80)}`);
  return oid;
}

function decodeText(raw: Buffer, encoding: string | null): string {
  if (encoding !== null && !/^utf-?8$/i.test(encoding)) {
    try {
      return new TextDecoder(encoding).decode(raw);
    } catch {
      // Unknown label: fall through to the guesses below.
    }
  }
  // Old repositories hold Latin-1 names with no `encoding` header; git shows them as bytes.
  return isUtf8(raw) ? raw.toString('utf8') : new TextDecoder('windows-1252').decode(raw);
}

function corrupt(message: string): GitError {
  return new GitError('GIT_CORRUPT_OBJECT', message);
}
