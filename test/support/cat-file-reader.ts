// An ObjectReader built on the real git binary, for tests: it loads every object of a
// repository with one `git cat-file --batch-all-objects --batch` call, so our own parsers can
// be checked against git's view of the same objects, independently of our object store.

import { execFileSync } from 'node:child_process';
import { GitError } from '../../src/errors.js';
import type { GitObject, GitObjectType, ObjectReader } from '../../src/sources/git/git-types.js';

/** Every object of a repository, read by git itself, held in memory. */
export class CatFileReader implements ObjectReader {
  private constructor(private readonly objects: Map<string, GitObject>) {}

  /** Loads all objects (alternates included) of the repository whose git directory is `gitDir`. */
  static load(gitDir: string): CatFileReader {
    const out = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch-all-objects', '--batch'], {
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
      maxBuffer: 1 << 30,
    });
    const objects = new Map<string, GitObject>();
    let pos = 0;
    while (pos < out.length) {
      const eol = out.indexOf(0x0a, pos);
      const [oid = '', type = '', size = ''] = out.toString('latin1', pos, eol).split(' ');
      const start = eol + 1;
      const end = start + Number(size);
      objects.set(oid, { type: type as GitObjectType, data: Buffer.from(out.subarray(start, end)) });
      pos = end + 1;
    }
    return new CatFileReader(objects);
  }

  read(oid: string): GitObject {
    const object = this.objects.get(oid);
    if (object === undefined) throw new GitError('GIT_MISSING_OBJECT', `object ${oid} not found`, { oid });
    return object;
  }

  has(oid: string): boolean {
    return this.objects.has(oid);
  }

  /** Oids of every object of one type, sorted. */
  oidsOfType(type: GitObjectType): string[] {
    const oids: string[] = [];
    for (const [oid, object] of this.objects) if (object.type === type) oids.push(oid);
    return oids.sort();
  }
}
