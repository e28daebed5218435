// The content id must be git's own blob id, so the same bytes on disk and in history are one blob.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { blobId } from '../../src/sources/blob-id.js';

function gitHashObject(data: Uint8Array): string {
  return execFileSync('git', ['hash-object', '--stdin'], { input: data, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } })
    .toString()
    .trim();
}

describe('blobId', () => {
  it('is the well-known id of the empty blob', () => {
    expect(blobId(new Uint8Array(0))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });

  it.each([
    ['text', Buffer.from('hello world\n')],
    ['binary with NUL and high bytes', Buffer.from([0, 1, 2, 255, 0, 10, 13, 0x80])],
    ['a larger buffer', Buffer.alloc(200_000, 'abc\n')],
  ])('matches git hash-object for %s', (_name, data) => {
    expect(blobId(data)).toBe(gitHashObject(data));
  });

  it('hashes only the view, not the whole underlying buffer', () => {
    const whole = Buffer.from('xxhello world\nyy');
    expect(blobId(whole.subarray(2, 14))).toBe(blobId(Buffer.from('hello world\n')));
  });
});
