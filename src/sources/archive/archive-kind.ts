// What an S3 object or an archive member is, from its name and, when the name says nothing, its
// first bytes. Code bundles are zips (CodeBuild, CodeDeploy, Lambda), tarballs (gzip, bzip2 or
// xz compressed) or git bundles; anything else is a plain file.

/** How a file is opened. `tbz` and `txz` are tars compressed with bzip2 and xz. */
export type ArchiveKind = 'zip' | 'tar' | 'tgz' | 'gzip' | 'tbz' | 'bzip2' | 'txz' | 'xz' | 'bundle' | 'plain';

const BY_NAME: Array<[RegExp, ArchiveKind]> = [
  [/\.(?:zip|jar|war|ear|whl|nupkg|apk|aar|vsix)$/i, 'zip'],
  [/\.(?:tar\.gz|tgz|crate|gem)$/i, 'tgz'],
  [/\.(?:tar\.bz2|tbz2?)$/i, 'tbz'],
  [/\.(?:tar\.xz|txz)$/i, 'txz'],
  [/\.tar$/i, 'tar'],
  [/\.gz$/i, 'gzip'],
  [/\.bz2$/i, 'bzip2'],
  [/\.xz$/i, 'xz'],
  [/\.bundle$/i, 'bundle'],
];

// bzip2: "BZh", a block size digit, then the 48-bit magic of a block or of the end of the stream
// (so a text file that happens to start "BZh9" is not taken for one).
function isBzip2(head: Uint8Array): boolean {
  if (head[0] !== 0x42 || head[1] !== 0x5a || head[2] !== 0x68) return false;
  const size = head[3] ?? 0;
  if (size < 0x31 || size > 0x39) return false;
  const block = head[4] === 0x31 && head[5] === 0x41 && head[6] === 0x59 && head[7] === 0x26 && head[8] === 0x53 && head[9] === 0x59;
  const end = head[4] === 0x17 && head[5] === 0x72 && head[6] === 0x45 && head[7] === 0x38 && head[8] === 0x50 && head[9] === 0x90;
  return block || end;
}

// xz: the six-byte stream header magic FD 37 7A 58 5A 00.
function isXz(head: Uint8Array): boolean {
  return head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a && head[5] === 0x00;
}

/** The kind a name suggests, or `plain`. */
export function kindOfName(name: string): ArchiveKind {
  for (const [pattern, kind] of BY_NAME) if (pattern.test(name)) return kind;
  return 'plain';
}

/** The kind the first bytes show (a zip, gzip or tar header, a bundle signature), or `plain`. */
export function kindOfBytes(head: Uint8Array): ArchiveKind {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (isBzip2(head)) return 'bzip2';
  if (isXz(head)) return 'xz';
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 512)).toString('latin1');
  if (text.startsWith('# v2 git bundle\n') || text.startsWith('# v3 git bundle\n')) return 'bundle';
  if (text.slice(257, 262) === 'ustar') return 'tar';
  return 'plain';
}

/**
 * The archive kind the first bytes show, when it is one the walker opens (zip, gzip, bzip2, xz,
 * tar), else null. Bytes, not names: a text file called `x.zip` is scanned as text, not reported as damaged.
 * Cheap enough for every blob of a history (a few byte compares).
 */
export function openableKind(head: Uint8Array): 'zip' | 'gzip' | 'bzip2' | 'xz' | 'tar' | null {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (isBzip2(head)) return 'bzip2';
  if (isXz(head)) return 'xz';
  // "ustar" at offset 257: the POSIX and GNU tar magic.
  if (head[257] === 0x75 && head[258] === 0x73 && head[259] === 0x74 && head[260] === 0x61 && head[261] === 0x72) return 'tar';
  return null;
}

const BUNDLE_SIGNATURES = ['# v2 git bundle\n', '# v3 git bundle\n'].map((s) => Buffer.from(s, 'latin1'));

/** Whether the first bytes are a git bundle's signature: history to read as a repository. */
export function isBundleHead(head: Uint8Array): boolean {
  return BUNDLE_SIGNATURES.some((sig) => head.byteLength >= sig.length && sig.every((byte, i) => head[i] === byte));
}
