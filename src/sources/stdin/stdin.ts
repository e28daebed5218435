// `-`: standard input, read as one blob.
import type { Source } from '../source.js';

export const stdinSource: Source = {
  kind: 'stdin',
  async claim(target, options) {
    if (target !== '-') return null;
    return { name: target, small: true, read: async (ctx) => [await (await import('./read-stdin.js')).scanStdin(options.stdin(), ctx)] };
  },
};
