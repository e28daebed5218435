// The scan threads' commit ids reach the graph as raw chunks, read where they lie; loading from
// them must number and link every commit exactly as loading the same ids as hex seeds does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommitGraph, loadCommitGraph } from '../../../src/sources/git/provenance-graph.js';
import { IssueLog } from '../../../src/sources/git/provenance-issues.js';
import { createSandbox, type Sandbox } from '../../support/git-sandbox.js';
import { openRepo, type OpenRepo } from '../../support/open-store.js';

let box: Sandbox;
let repo: OpenRepo;

beforeAll(async () => {
  box = createSandbox();
  for (let i = 0; i < 6; i++) {
    box.write(`f${i}.txt`, `${i}\n`);
    box.commit(`c${i}`, `2024-03-0${i + 1}T10:00:00Z`);
  }
  box.run(['checkout', '-q', '-b', 'side', 'HEAD~3']);
  box.write('side.txt', 'side\n');
  box.commit('side', '2024-03-08T10:00:00Z');
  box.run(['checkout', '-q', 'main']);
  box.run(['merge', '-q', '--no-edit', 'side']);
  repo = await openRepo(box.dir);
});
afterAll(() => {
  repo.store.close();
  box.cleanup();
});

function shape(graph: CommitGraph): unknown {
  const ids = Array.from({ length: graph.count }, (_, i) => graph.ids.hexAt(i));
  return { ids, roots: graph.roots.toString('hex'), starts: [...graph.parentStart], parents: [...graph.parentList] };
}

describe('loadCommitGraph seeds', () => {
  it('loads raw chunks of ids like the same ids given as hex seeds, in the same order', () => {
    const all = repo.commits();
    const raw = (ids: string[]) => new Uint8Array(Buffer.from(ids.join(''), 'hex'));
    const chunked = [raw(all.slice(0, 3)), new Uint8Array(0), raw(all.slice(3, 5))];
    const hex = [...all.slice(5), 'not-an-id'];
    const fromHex = new IssueLog();
    const fromChunks = new IssueLog();
    const expected = loadCommitGraph(repo.store, [...all, 'not-an-id'], new Set(), fromHex);
    const graph = loadCommitGraph(repo.store, hex, new Set(), fromChunks, () => false, chunked);
    expect(graph.count).toBe(all.length);
    expect(shape(graph)).toEqual(shape(expected));
    expect(fromChunks.issues).toEqual(fromHex.issues);
    expect(fromChunks.issues).toEqual([expect.objectContaining({ code: 'GIT_MISSING_OBJECT', object: 'not-an-id' })]);
  });
});
