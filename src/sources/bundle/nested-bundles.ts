// Git bundles found inside other content (a member of an archive, a blob of history, a file of a
// change) are history, not bytes: each is written to a private temporary folder and read as a
// repository, a target of its own that the run reports with the rest. A bundle that cannot be
// read is an issue naming it, never a silent binary skip.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeCode, isCredsweepError, StartAgainWithArenaLimit } from '../../errors.js';
import { forgetTemp, makeTempDir } from '../temp-dirs.js';
import type { ScanContext } from '../run-context.js';
import { isObjectId } from '../git/object-id.js';

/** Bundles inside histories read from bundles are read this many levels deep. */
export const MAX_BUNDLE_NESTING = 3;

const nesting = new WeakMap<ScanContext, number>();

/**
 * The target name of a bundle found at `path` inside what `target` names: the archive's own name
 * continued (`s3://b/k!x.bundle`, `dir/release.zip!x.bundle`), or `repo@blob` in history.
 */
export function bundleTargetName(target: string, path: string): string {
  const first = path.split('!')[0] as string;
  if (target === '-') return path;
  if (target === first || target.endsWith(`/${first}`)) return `${target}${path.slice(first.length)}`;
  if (isObjectId(first)) return `${target}@${path}`;
  return `${target.replace(/\/+$/, '')}/${path}`;
}

/** Reads the bundle `data` as the history of target `name`, adding its hits to `ctx.nested`. */
export async function readNestedBundle(name: string, data: Uint8Array, ctx: ScanContext): Promise<void> {
  await withBundleFile(ctx, (file) => writeFile(file, data, { mode: 0o600 }), name);
}

/**
 * Reads the bundle that `fill` writes into a private temporary file as the history of target
 * `name`, adding its hits to `ctx.nested`. `fill` returns false when it raised an issue of its own
 * and there is nothing to read.
 */
export async function withBundleFile(ctx: ScanContext, fill: (file: string) => Promise<unknown>, name: string): Promise<void> {
  if (!ctx.readBundle) {
    ctx.issues.push({ code: 'ARCHIVE_NOT_OPENED', message: `${name}: a git bundle, not read as history in this mode`, path: name });
    return;
  }
  const depth = nesting.get(ctx) ?? 0;
  if (depth >= MAX_BUNDLE_NESTING) {
    ctx.issues.push({
      code: 'ARCHIVE_TOO_DEEP',
      message: `${name}: a git bundle inside history read from bundles ${MAX_BUNDLE_NESTING} levels deep was not read`,
      path: name,
    });
    return;
  }
  const dir = await makeTempDir('credsweep-nested-bundle-');
  const file = join(dir, 'nested.bundle');
  nesting.set(ctx, depth + 1);
  try {
    if ((await fill(file)) === false) return;
    const hits = await ctx.readBundle(name, file);
    ctx.nested = [...(ctx.nested ?? []), hits];
  } catch (err) {
    if (err instanceof StartAgainWithArenaLimit) throw err;
    // A damaged bundle is damaged content here, not a mistake of the user's: the scan is incomplete.
    const code = isCredsweepError(err) && describeCode(err.code).exit === 3 ? err.code : 'ARCHIVE_CORRUPT';
    const why = (err as Error).message.replaceAll(file, name);
    ctx.issues.push({ code, message: `${name}: a git bundle that could not be read as history: ${why}`, path: name });
  } finally {
    nesting.set(ctx, depth);
    await rm(dir, { recursive: true, force: true });
    forgetTemp(dir);
  }
}
