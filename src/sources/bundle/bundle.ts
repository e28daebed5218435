// A git bundle file, read as history when history is asked for (otherwise it is a file like any).
import { stat } from 'node:fs/promises';
import type { Source } from '../source.js';
import { isBundleFile } from './bundle-source.js';

export const bundleSource: Source = {
  kind: 'bundle',
  async claim(target, options) {
    if (!options.history) return null;
    const info = await stat(target).catch(() => null);
    if (info === null || info.isDirectory() || !(await isBundleFile(target))) return null;
    return { name: target, small: false, read: async (ctx) => [await (await import('./read-bundle.js')).scanBundle(target, target, ctx)] };
  },
};
