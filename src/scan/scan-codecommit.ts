// Scan of CodeCommit repositories: list them through the API (every region a target names), then
// fetch and scan each as a remote repository named `codecommit://REGION/NAME`, several at once
// (--concurrency) with the scanning itself shared by the worker pool. A region or repository the
// credentials cannot list or read is an issue of the run (exit 3); the rest is still scanned.
import PQueue from 'p-queue';
import type { AwsOptions } from '../aws/clients.js';
import type { CodeCommitRepository } from '../sources/codecommit-source.js';
import { type CodeCommitTarget, parseCodeCommitTarget } from '../sources/codecommit-target.js';
import type { TargetHits } from './group-findings.js';
import type { ScanContext } from './scan-context.js';
import { scanRemote } from './scan-remote.js';
import { inShard, type Shard } from './shard.js';

/** How CodeCommit targets are swept. */
export interface CodeCommitOptions extends AwsOptions {
  /** Regions `codecommit://*` covers; default: every region with CodeCommit. */
  regions?: string[];
  /** Repositories fetched and scanned at once (default 4). */
  concurrency?: number;
  /** Only the repositories of this shard are scanned; the others are recorded as skipped. */
  shard?: Shard;
}

function describeAwsError(err: unknown): { code: string; message: string } {
  const e = err as { name?: string; message?: string };
  return { code: `AWS_${e.name ?? 'ERROR'}`, message: e.message ?? String(err) };
}

/** Scans every repository `target` names; one TargetHits per repository, in name order. */
export async function scanCodeCommit(target: string, options: CodeCommitOptions, ctx: ScanContext): Promise<TargetHits[]> {
  const parsed = parseCodeCommitTarget(target, options.regions);
  // The AWS SDK is loaded only when a codecommit:// target is scanned: it would double the start-up
  // of every other run (a pre-commit hook's above all).
  const { codecommitAuth, listCodeCommitRepositories } = await import('../sources/codecommit-source.js');
  const queue = new PQueue({ concurrency: Math.max(1, options.concurrency ?? 4) });
  const listed = await Promise.all(
    parsed.map((one: CodeCommitTarget) =>
      queue.add(async (): Promise<CodeCommitRepository[]> => {
        try {
          return await listCodeCommitRepositories(one, options);
        } catch (err) {
          const { code, message } = describeAwsError(err);
          const where = `codecommit://${one.region}/${one.repository ?? '*'}`;
          ctx.issues.push({ code, message: `${where}: repositories could not be listed: ${message}`, path: where });
          ctx.skipped.push({ target: where, reason: 'failed' });
          return [];
        }
      }),
    ),
  );
  const repositories = listed.flat().filter((r) => {
    if (!options.shard || inShard(r.target, options.shard)) return true;
    ctx.skipped.push({ target: r.target, reason: 'other-shard' });
    return false;
  });
  const auth = new Map<string, Awaited<ReturnType<typeof codecommitAuth>>>();
  for (const region of new Set(repositories.map((r) => r.region))) auth.set(region, await codecommitAuth(region, options));
  const hits = await Promise.all(
    repositories.map((repo) =>
      queue.add(() => scanRemote(repo.cloneUrlHttp, auth.get(repo.region) ?? (() => undefined), ctx, { target: repo.target, source: 'codecommit' })),
    ),
  );
  return hits.sort((a, b) => a.target.localeCompare(b.target));
}
