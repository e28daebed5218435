// The recall fixtures (realistic files with planted made-up secrets), read whole: tests that must
// hold wherever a rule's pattern matches check them on these as well as on each rule's examples.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CORPUS = join(import.meta.dirname, '../fixtures/recall');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The bytes of every file of the recall corpus. */
export function recallCorpus(): Buffer[] {
  return files(CORPUS).map((f) => readFileSync(f));
}
