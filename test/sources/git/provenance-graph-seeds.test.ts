// The scan threads' commit ids reach the graph as raw chunks, read where they lie, with the links
// the threads parsed; loading from them must number and link every commit exactly as loading the
// same ids as hex seeds does, reading only the commits no thread sent links for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitLinkIndex, CommitLinkWriter } from '../../../src/sources/git/commit-links.js';
import { parseCommitLinks } from '../../../src/sources/git/commit-parse.js';
import type { ObjectReader } from '../../../src/sources/git/git-types.js';
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

// Hex ids as the raw chunk a scan thread sends.
const raw = (ids: string[]) => new Uint8Array(Buffer.from(ids.join(''), 'hex'));
// A made-up id from a number.
const id = (n: number) => n.toString(16).padStart(40, '0');

function shape(graph: CommitGraph): unknown {
  const ids = Array.from({ length: graph.count }, (_, i) => graph.ids.hexAt(i));
  return { ids, roots: graph.roots.toString('hex'), starts: [...graph.parentStart], parents: [...graph.parentList] };
}

// The store, noting every id read through it.
function countingReader(reads: string[]): ObjectReader {
  return {
    read: (oid) => {
      reads.push(oid);
      return repo.store.read(oid);
    },
    has: (oid) => repo.store.has(oid),
  };
}

describe('loadCommitGraph seeds', () => {
  it('loads raw chunks of ids like the same ids given as hex seeds, in the same order', () => {
    const all = repo.commits();
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

  it('takes the links threads sent instead of reading those commits, and reads the rest', () => {
    const all = repo.commits();
    const reads: string[] = [];
    const counting = countingReader(reads);
    const writer = new CommitLinkWriter();
    // The second commit's links could not be parsed by its thread: the graph reads it itself.
    for (const [i, oid] of all.entries()) writer.push(i === 1 ? null : parseCommitLinks(repo.store.read(oid).data));
    const links = new CommitLinkIndex([raw(all)], [writer.copy()]);
    for (const boundary of [() => false, (oid: string) => oid === all[2]]) {
      reads.length = 0;
      const expected = loadCommitGraph(repo.store, all, new Set(), new IssueLog(), boundary);
      const graph = loadCommitGraph(counting, [], new Set(), new IssueLog(), boundary, [raw(all)], links);
      expect(shape(graph)).toEqual(shape(expected));
      expect(reads).toEqual([all[1]]);
    }
  });

  it('reads every commit of a chunk cut short', () => {
    const all = repo.commits();
    const writer = new CommitLinkWriter();
    for (const oid of all) writer.push(parseCommitLinks(repo.store.read(oid).data));
    const records = writer.copy();
    const reads: string[] = [];
    const links = new CommitLinkIndex([raw(all)], [records.subarray(0, records.length - 1)]);
    const graph = loadCommitGraph(countingReader(reads), [], new Set(), new IssueLog(), () => false, [raw(all)], links);
    expect(shape(graph)).toEqual(shape(loadCommitGraph(repo.store, all, new Set(), new IssueLog())));
    expect(reads.sort()).toEqual([...all].sort());
  });

  it('leaves a commit of more parents than a record counts to be read', () => {
    const writer = new CommitLinkWriter();
    writer.push({ tree: id(1), parents: Array.from({ length: 255 }, (_, i) => id(i + 2)) });
    writer.push({ tree: id(3), parents: Array.from({ length: 254 }, (_, i) => id(i + 4)) });
    const links = new CommitLinkIndex([Buffer.from(id(900) + id(901), 'hex')], [writer.copy()]);
    expect(links.find(Buffer.from(id(900), 'hex'), 0)).toBeNull();
    expect(links.find(Buffer.from(id(901), 'hex'), 0)).toMatchObject({ parents: 254 });
  });

  it('reads a commit sent twice, and every commit of a chunk whose records do not pair up with its ids', () => {
    const record = (tree: number, parents: number[]) => {
      const writer = new CommitLinkWriter();
      writer.push({ tree: id(tree), parents: parents.map(id) });
      return writer.copy();
    };
    const ids = (...n: number[]) => Buffer.from(n.map(id).join(''), 'hex');
    const twice = new CommitLinkIndex([ids(900), ids(900), ids(901)], [record(1, []), record(2, [3]), record(4, [])]);
    expect(twice.find(ids(900), 0)).toBeNull();
    expect(twice.find(ids(901), 0)).toMatchObject({ parents: 0 });
    const both = Buffer.concat([record(1, []), record(2, [3])]);
    const longer = Buffer.concat([both, Buffer.of(0)]);
    for (const records of [both.subarray(0, both.length - 1), longer]) {
      const index = new CommitLinkIndex([ids(900, 901)], [records]);
      expect(index.find(ids(900), 0)).toBeNull();
      expect(index.find(ids(901), 0)).toBeNull();
    }
    expect(new CommitLinkIndex([ids(900, 901)], [both]).find(ids(901), 0)).toMatchObject({ parents: 1 });
  });
});
