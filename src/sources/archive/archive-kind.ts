// What an S3 object or an archive member is, from its name and, when the name says nothing, its
// first bytes. Code bundles are zips (CodeBuild, CodeDeploy, Lambda), tarballs or git bundles;
// anything else is a plain file.

/** How a file is opened. */
export type ArchiveKind = 'zip' | 'tar' | 'tgz' | 'gzip' | 'bundle' | 'plain';

const BY_NAME: Array<[RegExp, ArchiveKind]> = [
  [/\.(?:zip|jar|war|ear|whl|nupkg|apk|aar|vsix)$/i, 'zip'],
  [/\.(?:tar\.gz|tgz|crate|gem)$/i, 'tgz'],
  [/\.tar$/i, 'tar'],
  [/\.gz$/i, 'gzip'],
  [/\.bundle$/i, 'bundle'],
];

/** The kind a name suggests, or `plain`. */
export function kindOfName(name: string): ArchiveKind {
  for (const [pattern, kind] of BY_NAME) if (pattern.test(name)) return kind;
  return 'plain';
}

/** The kind the first bytes show (a zip, gzip or tar header, a bundle signature), or `plain`. */
export function kindOfBytes(head: Uint8Array): ArchiveKind {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 512)).toString('latin1');
  if (text.startsWith('# v2 git bundle\n') || text.startsWith('# v3 git bundle\n')) return 'bundle';
  if (text.slice(257, 262) === 'ustar') return 'tar';
  return 'plain';
}

/**
 * The archive kind the first bytes show, when it is one the walker opens (zip, gzip, tar), else
 * null. Bytes, not names: a text file called `x.zip` is scanned as text, not reported as damaged.
 * Cheap enough for every blob of a history (a few byte compares).
 */
export function openableKind(head: Uint8Array): 'zip' | 'gzip' | 'tar' | null {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  // "ustar" at offset 257: the POSIX and GNU tar magic.
  if (head[257] === 0x75 && head[258] === 0x73 && head[259] === 0x74 && head[260] === 0x61 && head[261] === 0x72) return 'tar';
  return null;
}
