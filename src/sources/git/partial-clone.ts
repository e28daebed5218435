// A partial clone (`git clone --filter=blob:none`, a "promisor" remote) leaves out objects on
// purpose and fetches them on demand; its packs from the promisor carry a `.promisor` file. The
// scan cannot fetch (it runs nothing and trusts no config), so it names the clone as partial.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoLayout } from './git-types.js';

/** True when the repository's own object directory holds a promisor pack. */
export function isPartialClone(layout: RepoLayout): boolean {
  const own = layout.objectDirs[0];
  if (own === undefined) return false;
  try {
    return readdirSync(join(own, 'pack')).some((name) => name.endsWith('.promisor'));
  } catch {
    return false;
  }
}
