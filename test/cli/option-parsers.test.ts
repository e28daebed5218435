import { describe, expect, it } from 'vitest';
import { parseFailOn, parsePositiveInt, parseSize } from '../../src/cli/option-parsers.js';

describe('option parsers', () => {
  it.each([
    ['50MB', 50 * 1024 * 1024],
    ['512k', 512 * 1024],
    ['1048576', 1048576],
    ['1.5g', 1.5 * 1024 ** 3],
  ])('parseSize(%s)', (text, bytes) => {
    expect(parseSize('--max-blob-size', text)).toBe(bytes);
  });

  it('names the option and value it refuses', () => {
    expect(() => parseSize('--max-blob-size', 'lots')).toThrow(/--max-blob-size: "lots"/);
    expect(() => parseFailOn('severe')).toThrow(/--fail-on: "severe"/);
    expect(() => parsePositiveInt('--threads', '0')).toThrow(/--threads/);
  });
});
