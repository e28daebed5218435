// A commit's subject is the repository's text: read from the object as git stores it, bounded,
// and compared with what git itself prints for the same commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SUBJECT_CHARS, parseCommitSubject } from '../../../src/sources/git/commit-parse.js';
import { createSandbox, EMPTY_TREE, type Sandbox } from '../../support/git-sandbox.js';
import { readObjectAt } from '../../support/open-store.js';

const HEADERS = `tree ${EMPTY_TREE}\nauthor A <a@example.com> 1700000000 +0000\ncommitter C <c@example.com> 1700000000 +0000\n`;

describe('parseCommitSubject', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = createSandbox();
  });
  afterAll(() => box.cleanup());

  async function subjectOf(body: string | Buffer): Promise<string> {
    const oid = box.run(['hash-object', '-t', 'commit', '-w', '--stdin', '--literally'], { input: body });
    return parseCommitSubject((await readObjectAt(box.dir, oid)).data);
  }

  it('is the first line of a real commit message, as git shows it', async () => {
    box.write('a.txt', 'one\n');
    const oid = box.commit('Rotate the deploy key\n\nThe old one leaked.', '2024-03-01T10:00:00Z', 'Ann Author');
    const subject = parseCommitSubject((await readObjectAt(box.dir, oid)).data);
    expect(subject).toBe('Rotate the deploy key');
    expect(subject).toBe(box.run(['log', '-1', '--format=%s', oid]));
  });

  it('steps over a signature block and blank lines before the message', async () => {
    const sig = 'gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAAB\n -----END PGP SIGNATURE-----\n';
    expect(await subjectOf(`${HEADERS}${sig}\n\n\n  Fix the build\r\nbody\n`)).toBe('Fix the build');
  });

  it('is empty for a commit without a message', async () => {
    expect(await subjectOf(HEADERS)).toBe('');
    expect(await subjectOf(`${HEADERS}\n`)).toBe('');
  });

  it('keeps control characters for the reporters to neutralise', async () => {
    expect(await subjectOf(`${HEADERS}\nadd \x1b[2Jconfig\x07\n`)).toBe('add \x1b[2Jconfig\x07');
  });

  it('cuts a long line to the bound with an ellipsis, never inside a character', async () => {
    const long = await subjectOf(`${HEADERS}\n${'é'.repeat(50_000)}\n`);
    expect(long).toBe(`${'é'.repeat(MAX_SUBJECT_CHARS)}…`);
    const astral = await subjectOf(`${HEADERS}\n${'x'}${'😀'.repeat(MAX_SUBJECT_CHARS * 2)}\n`);
    expect(Array.from(astral)).toHaveLength(MAX_SUBJECT_CHARS + 1);
    expect(astral.endsWith('😀…')).toBe(true);
    expect(await subjectOf(`${HEADERS}\n${'y'.repeat(MAX_SUBJECT_CHARS)}\n`)).toBe('y'.repeat(MAX_SUBJECT_CHARS));
  });

  it('decodes the message with the encoding header', async () => {
    const body = Buffer.concat([Buffer.from(`${HEADERS}encoding ISO-8859-1\n\n`), Buffer.from('Caf\xe9 au lait\n', 'latin1')]);
    expect(await subjectOf(body)).toBe('Café au lait');
  });
});
