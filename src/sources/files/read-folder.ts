// A folder scan that does not stop at the files: git repositories found anywhere under it (work
// trees, bare mirrors, linked worktrees, bundles) are read as history too, each as a target of its
// own so findings name the repository they came from. Without history it says how many it left.
import { join } from 'node:path';
import { discoverRepositories } from '../git-history/repo-discovery.js';
import { nameOf, scanNested } from '../git-history/nested-repositories.js';
import type { TargetHits } from '../source.js';
import { scanBundle } from '../bundle/read-bundle.js';
import type { ScanContext } from '../run-context.js';
import { scanFiles } from './read-files.js';
import { scanGitHistory } from '../git-history/read-history.js';

/** Scans the folder `path` (which is not itself a repository) as files, and every repository under it as history. */
export async function scanFolder(target: string, path: string, history: boolean, ctx: ScanContext): Promise<TargetHits[]> {
  const found = await discoverRepositories(path);
  const bundles: string[] = [];
  if (!history) {
    const files = await scanFiles(target, path, ctx, { onBundle: (rel) => bundles.push(rel) });
    const unread = found.repositories.length + bundles.length;
    if (unread > 0) {
      const names = [...found.repositories.map((r) => r.rel), ...bundles].slice(0, 5).join(', ');
      ctx.notes.push(
        `${unread} git repositor${unread === 1 ? 'y' : 'ies'} under ${target} (${names}${unread > 5 ? ', …' : ''}) not read as history (--no-history): only their files on disk were scanned`,
      );
    }
    return [files];
  }
  ctx.issues.push(...found.issues);
  const skip = (rel: string) => found.bareDirs.has(rel);
  const all = [await scanFiles(target, path, ctx, { skip, onBundle: (rel) => bundles.push(rel) })];
  for (const repo of found.repositories) {
    const name = nameOf(target, repo.rel);
    all.push(...(await scanNested(name, () => scanGitHistory(name, repo.layout, ctx), ctx)));
  }
  for (const rel of bundles) {
    const name = nameOf(target, rel);
    all.push(...(await scanNested(name, () => scanBundle(name, join(path, rel), ctx), ctx)));
  }
  return all;
}
