// `s3://bucket/prefix`: every object under the prefix, archives and bundles opened.
import type { Source } from '../source.js';
import { isS3Target, parseS3Target } from './s3-target.js';

export const s3Source: Source = {
  kind: 's3',
  async claim(target, options) {
    if (!isS3Target(target)) return null;
    parseS3Target(target); // a malformed target fails before any scanning
    const { aws, archive } = options;
    const region = aws?.regions?.[0];
    return {
      name: target,
      small: false,
      fetches: true,
      read: async (ctx) => (await import('./read-s3.js')).scanS3(target, { ...aws, archive, ...(region ? { region } : {}) }, ctx),
    };
  },
};
