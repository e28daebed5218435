// Where the commits of a range stand today, for the findings of a range scan (CI, pre-push): which
// refs hold each commit, and whether HEAD still has each blob at its path. Without this a secret
// the HEAD commit adds was reported as "removed from HEAD", and the pushing developer was misled.
import { runGitCommand } from '../git-cli.js';

/** For the paths asked about, the blob HEAD holds at each (absent when HEAD has none, or no HEAD yet). */
export async function readHeadBlobs(workTree: string, paths: string[]): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  if (paths.length === 0) return blobs;
  let out: string;
  try {
    out = await runGitCommand(['ls-tree', '-r', '-z', '--full-tree', 'HEAD', '--', ...paths.map((p) => `:(literal)${p}`)], workTree);
  } catch {
    return blobs; // an unborn HEAD holds nothing
  }
  for (const entry of out.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab === -1) continue;
    const [, type, oid] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && oid) blobs.set(entry.slice(tab + 1), oid);
  }
  return blobs;
}

/** The local branches, tags and remote-tracking refs that contain `commit`. */
export async function readRefsContaining(workTree: string, commit: string): Promise<string[]> {
  const out = await runGitCommand(
    ['for-each-ref', '--contains', commit, '--format=%(refname)', 'refs/heads', 'refs/tags', 'refs/remotes'],
    workTree,
  );
  return out.split('\n').filter((r) => r !== '');
}
