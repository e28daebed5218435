// bin/ starts a history scan again in a child process with glibc's arena limit, as glibc reads it
// only when a process starts (bin/arena-limit.cjs says why). That second start is most of what a
// nightly `--state` rerun with nothing new costs, and such a run starts no thread at all. So bin/
// may run the command in its own process with a gate: a scan that is about to start threads for
// many objects, or to fetch a repository (which a start again would fetch twice), stops first and
// bin/ starts it again with the limit. Until then nothing is written: output, the sweep state and
// the manifest come after the scan.

import { StartAgainWithArenaLimit } from '../errors.js';

// Threads for fewer objects than this make too little garbage for glibc's arenas to matter: a
// whole-history scan of redis (95k objects) peaked at the same RSS with and without the limit,
// the git.git mirror (849k) 561 against 443 MiB. Reruns of a nightly sweep read far fewer.
export const FEW_OBJECTS = 50_000;

/** Throws StartAgainWithArenaLimit when threads are to read more than FEW_OBJECTS (Infinity: a fetch). */
export function gateBeforeThreads(objects: number): void {
  if (objects > FEW_OBJECTS) throw new StartAgainWithArenaLimit();
}
