import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InflateError, inflateExact, usePublicZlib } from '../../../src/sources/git/inflate.js';

const sample = Buffer.from('some content that compresses well. '.repeat(100));
const packed = deflateSync(sample);

describe.each([
  ['reused inflater', false],
  ['public node:zlib', true],
])('inflateExact (%s)', (_, usePublic) => {
  usePublicZlib(usePublic);
  afterAll(() => usePublicZlib(false));

  it('inflates and reports how much input the stream used', () => {
    usePublicZlib(usePublic);
    const out = inflateExact(Buffer.concat([packed, Buffer.from('next entry')]), sample.length);
    expect(out.data.equals(sample)).toBe(true);
    expect(out.consumed).toBe(packed.length);
    expect(inflateExact(deflateSync(Buffer.alloc(0)), 0).data.length).toBe(0);
  });

  it.each([
    ['truncated input', packed.subarray(0, packed.length - 8), sample.length],
    ['damaged input', Buffer.from(packed.map((b, i) => (i > 10 && i < 20 ? b ^ 0x55 : b))), sample.length],
    ['a size that is too small', packed, sample.length - 1],
    ['a size that is too large', packed, sample.length + 1],
    ['a size no deflate stream can reach', packed, packed.length * 2000],
  ])('throws InflateError for %s', (_, input, size) => {
    usePublicZlib(usePublic);
    expect(() => inflateExact(input, size)).toThrow(InflateError);
    // The inflater is still usable after a failure.
    expect(inflateExact(packed, sample.length).data.equals(sample)).toBe(true);
  });
});
