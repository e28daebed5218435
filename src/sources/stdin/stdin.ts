// `-`: standard input, read as one blob.
import type { Source } from '../source.js';
import { scanStdin } from './read-stdin.js';

export const stdinSource: Source = {
  kind: 'stdin',
  async claim(target, options) {
    if (target !== '-') return null;
    return { name: target, small: true, read: async (ctx) => [await scanStdin(options.stdin, ctx)] };
  },
};
