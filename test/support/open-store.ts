// Opens a test repository through the production path (layout discovery + in-process object
// store), so git-layer tests exercise the same reading the scanner does.

import { ObjectStore } from '../../src/sources/git/object-store.js';
import { locateRepository } from '../../src/sources/git/repo-layout.js';
import type { GitObject, RepoLayout } from '../../src/sources/git/git-types.js';

/** A located repository and its open object store; call `store.close()` when done. */
export interface OpenRepo {
  layout: RepoLayout;
  store: ObjectStore;
  /** Every commit oid in the store (reachable or not), sorted. */
  commits(): string[];
}

/** Locates the repository at `dir` and opens its object store. */
export async function openRepo(dir: string): Promise<OpenRepo> {
  const layout = await locateRepository(dir);
  const store = ObjectStore.open(layout);
  return {
    layout,
    store,
    commits: () =>
      store
        .enumerate()
        .filter((loc) => store.objectType(loc) === 'commit')
        .map((loc) => loc.oid)
        .sort(),
  };
}

/** Reads one object of the repository at `dir` through a store opened and closed for the purpose. */
export async function readObjectAt(dir: string, oid: string): Promise<GitObject> {
  const store = ObjectStore.open(await locateRepository(dir));
  try {
    return store.read(oid);
  } finally {
    store.close();
  }
}
