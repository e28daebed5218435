import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIsoSeconds, parseCommit, parseCommitLinks, parseSignature, parseTag } from '../../../src/sources/git/commit-parse.js';
import { createSandbox, EMPTY_TREE, type Sandbox } from '../../support/git-sandbox.js';
import { codeOf } from '../../support/error-code.js';
import { readObjectAt } from '../../support/open-store.js';

describe('parseCommit', () => {
  let box: Sandbox;
  let first: string;
  let second: string;
  beforeAll(() => {
    box = createSandbox();
    box.write('a.txt', 'one\n');
    first = box.commit('first', '2024-03-01T10:00:00Z', 'Ann Author');
    box.write('a.txt', 'two\n');
    second = box.commit('second', '2024-03-02T11:30:00+02:00', 'Bob Builder');
  });
  afterAll(() => box.cleanup());

  function hashCommit(body: string | Buffer): string {
    return box.run(['hash-object', '-t', 'commit', '-w', '--stdin', '--literally'], { input: body });
  }

  it('reads tree, parents, author and committer of a real commit', async () => {
    const parsed = parseCommit((await readObjectAt(box.dir, second)).data);
    expect(parsed.tree).toBe(box.run(['rev-parse', `${second}^{tree}`]));
    expect(parsed.parents).toEqual([first]);
    expect(parsed.author).toEqual({
      name: 'Bob Builder',
      email: 'bob.builder@example.com',
      date: '2024-03-02T09:30:00Z',
      seconds: Date.parse('2024-03-02T09:30:00Z') / 1000,
      timezone: '+0200',
    });
    expect(parsed.committer.date).toBe('2024-03-02T09:30:00Z');
    expect(parseCommit((await readObjectAt(box.dir, first)).data).parents).toEqual([]);
  });

  it('steps over gpgsig and mergetag continuation lines, agreeing with git', async () => {
    const body = [
      `tree ${EMPTY_TREE}`,
      `parent ${first}`,
      `parent ${second}`,
      'author Ann Example <ann@example.com> 1700000000 +0200',
      'committer Bob Example <bob@example.com> 1700000100 -0500',
      `mergetag object ${second}`,
      ' type commit',
      ' tag v9',
      ' tagger Eve <eve@example.com> 1 +0000',
      ' ',
      ' tree 0000000000000000000000000000000000000000',
      'gpgsig -----BEGIN PGP SIGNATURE-----',
      ' ',
      ' iQEzBAABCAAdFiEEparent 1111111111111111111111111111111111111111',
      ' author Mallory <m@example.com> 5 +0000',
      ' -----END PGP SIGNATURE-----',
      'x-unknown-header some value',
      '',
      'message body',
      'tree ffffffffffffffffffffffffffffffffffffffff',
      '',
    ].join('\n');
    const oid = hashCommit(body);
    const parsed = parseCommit((await readObjectAt(box.dir, oid)).data);
    const [tree, parents, an, ae, at, ct] = box.run(['log', '-1', '--format=%T%n%P%n%an%n%ae%n%at%n%ct', oid]).split('\n');
    expect(parsed.tree).toBe(tree);
    expect(parsed.parents.join(' ')).toBe(parents);
    expect(parsed.author.name).toBe(an);
    expect(parsed.author.email).toBe(ae);
    expect(parsed.author.seconds).toBe(Number(at));
    expect(parsed.committer.seconds).toBe(Number(ct));
    expect(parsed.author.date).toBe('2023-11-14T22:13:20Z');
  });

  it('decodes names with the encoding header, and guesses Latin-1 when undeclared', async () => {
    const latin = (header: string) =>
      Buffer.concat([
        Buffer.from(`tree ${EMPTY_TREE}\nauthor `),
        Buffer.from('Jos\xe9 Mu\xf1oz', 'latin1'),
        Buffer.from(` <jm@example.com> 1700000000 +0000\ncommitter C <c@example.com> 1700000000 +0000\n${header}\nmsg\n`),
      ]);
    expect(parseCommit(latin('encoding ISO-8859-1\n')).author.name).toBe('José Muñoz');
    expect(parseCommit(latin('')).author.name).toBe('José Muñoz');
    const utf8 = Buffer.from(`tree ${EMPTY_TREE}\nauthor Zoë <z@example.com> 1 +0000\ncommitter Zoë <z@example.com> 1 +0000\n\n`);
    expect(parseCommit(utf8).author.name).toBe('Zoë');
  });

  it('rejects a commit without tree, author or committer', async () => {
    const ident = 'A <a@example.com> 1700000000 +0000';
    expect(codeOf(() => parseCommit(Buffer.from(`author ${ident}\ncommitter ${ident}\n\nm\n`)))).toBe('GIT_CORRUPT_OBJECT');
    expect(codeOf(() => parseCommit(Buffer.from(`tree ${EMPTY_TREE}\ncommitter ${ident}\n\nm\n`)))).toBe('GIT_CORRUPT_OBJECT');
    expect(codeOf(() => parseCommit(Buffer.from(`tree ${EMPTY_TREE}\nauthor ${ident}\n\nm\n`)))).toBe('GIT_CORRUPT_OBJECT');
    expect(codeOf(() => parseCommit(Buffer.from(`tree nothex\nauthor ${ident}\ncommitter ${ident}\n`)))).toBe('GIT_CORRUPT_OBJECT');
    // The tree line only counts in the headers, never in the message.
    expect(codeOf(() => parseCommit(Buffer.from(`author ${ident}\ncommitter ${ident}\n\ntree ${EMPTY_TREE}\n`)))).toBe(
      'GIT_CORRUPT_OBJECT',
    );
  });

  it('ignores parent lines that do not follow the tree line, as git does', async () => {
    const ident = 'A <a@example.com> 1 +0000';
    const body = `tree ${EMPTY_TREE}\nauthor ${ident}\nparent ${first}\ncommitter ${ident}\n\nm\n`;
    expect(parseCommit(Buffer.from(body)).parents).toEqual([]);
  });
});

describe('parseCommitLinks', () => {
  const ident = 'A <a@example.com> 1 +0000';
  const parent = 'a'.repeat(40);

  it('reads tree and parents like parseCommit does', async () => {
    const body = Buffer.from(`tree ${EMPTY_TREE}\nparent ${parent}\nparent ${'b'.repeat(40)}\nauthor ${ident}\ncommitter ${ident}\n\nm\n`);
    const full = parseCommit(body);
    expect(parseCommitLinks(body)).toEqual({ tree: full.tree, parents: full.parents });
    expect(parseCommitLinks(Buffer.from(`tree ${EMPTY_TREE}\n`))).toEqual({ tree: EMPTY_TREE, parents: [] });
  });

  it('falls back to the full parser for unusual layouts and reports damage', async () => {
    const late = Buffer.from(`x-first value\ntree ${EMPTY_TREE}\nauthor ${ident}\ncommitter ${ident}\n\nm\n`);
    expect(parseCommitLinks(late)).toEqual({ tree: EMPTY_TREE, parents: [] });
    expect(codeOf(() => parseCommitLinks(Buffer.from(`tree ${EMPTY_TREE}\nparent zz\n`)))).toBe('GIT_CORRUPT_OBJECT');
    expect(codeOf(() => parseCommitLinks(Buffer.from('garbage\n')))).toBe('GIT_CORRUPT_OBJECT');
  });
});

describe('parseSignature', () => {
  it('keeps what it can from damaged idents', async () => {
    expect(parseSignature(Buffer.from('No Email 1700000000 +0000'))).toMatchObject({ name: 'No Email', email: '', seconds: 1700000000 });
    expect(parseSignature(Buffer.from('A <a@b> not-a-date'))).toMatchObject({
      name: 'A',
      email: 'a@b',
      seconds: 0,
      date: '1970-01-01T00:00:00Z',
    });
    expect(parseSignature(Buffer.from('A <a@b> 99999999999999999999 +0000')).seconds).toBe(0);
    expect(parseSignature(Buffer.from('<> 0 +0000'))).toMatchObject({ name: '', email: '' });
  });

  it('formats dates as ISO 8601 UTC without milliseconds', async () => {
    expect(formatIsoSeconds(1709287200)).toBe('2024-03-01T10:00:00Z');
    expect(formatIsoSeconds(-86400)).toBe('1969-12-31T00:00:00Z');
  });
});

describe('parseTag', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = createSandbox();
    box.write('a.txt', 'one\n');
    box.commit('first', '2024-03-01T10:00:00Z');
    box.run(['tag', '-a', 'v1', '-m', 'release one']);
    box.run(['tag', '-a', 'outer', '-m', 'tag of a tag', 'v1']);
  });
  afterAll(() => box.cleanup());

  it('reads object, type and name of real annotated tags, including a tag of a tag', async () => {
    const v1 = box.run(['rev-parse', 'refs/tags/v1']);
    expect(parseTag((await readObjectAt(box.dir, v1)).data)).toEqual({ object: box.run(['rev-parse', 'HEAD']), type: 'commit', tag: 'v1' });
    const outer = box.run(['rev-parse', 'refs/tags/outer']);
    expect(parseTag((await readObjectAt(box.dir, outer)).data)).toEqual({ object: v1, type: 'tag', tag: 'outer' });
  });

  it('rejects a tag without object or with a bad type', async () => {
    expect(codeOf(() => parseTag(Buffer.from('type commit\ntag x\n\nm\n')))).toBe('GIT_CORRUPT_OBJECT');
    expect(codeOf(() => parseTag(Buffer.from(`object ${EMPTY_TREE}\ntype nonsense\ntag x\n`)))).toBe('GIT_CORRUPT_OBJECT');
  });
});
