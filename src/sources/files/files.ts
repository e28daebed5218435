// Files on disk: one file, or a folder walked (archives opened, and with history the
// repositories and bundles found under it read as history too). Last in the registry: it claims
// every path that exists, so a target that does not is an error here.
import { stat } from 'node:fs/promises';
import { SourceError } from '../../errors.js';
import type { Source } from '../source.js';

export const filesSource: Source = {
  kind: 'files',
  async claim(target, options) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(target);
    } catch (err) {
      throw new SourceError('SOURCE_NOT_FOUND', `target ${target} cannot be read: ${(err as Error).message}`, { target });
    }
    if (!info.isDirectory())
      return { name: target, small: true, read: async (ctx) => [await (await import('./read-files.js')).scanFiles(target, target, ctx)] };
    return {
      name: target,
      small: false,
      read: async (ctx) => (await import('./read-folder.js')).scanFolder(target, target, options.history, ctx),
    };
  },
};
