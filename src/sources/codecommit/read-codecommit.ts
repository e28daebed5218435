// Scan of CodeCommit repositories: list them through the API (every region a target names), then
// fetch and scan each as a remote repository named `codecommit://REGION/NAME`, several at once
// (--concurrency) with the scanning itself shared by the worker pool. A region or repository the
// credentials cannot list or read is an issue of the run (exit 3); the rest is still scanned.
import PQueue from 'p-queue';
import { awsIssue } from '../../aws/aws-error.js';
import { ListingFailures } from './listing-failures.js';
import type { AwsCredentials } from '../../aws/codecommit-git-credentials.js';
import type { CodeCommitRepository } from './codecommit-source.js';
import { CODECOMMIT_REGIONS, type CodeCommitTarget, parseCodeCommitTarget } from './codecommit-target.js';
import type { AwsSweepOptions, TargetHits } from '../source.js';
import type { ScanContext } from '../run-context.js';
import { scanRemote } from '../remote/read-remote.js';
import { inShard } from '../shard.js';
import { awsRegion } from '../../aws/settings.js';

/** One account of a sweep: the caller's own, or a role assumed in another. */
interface Account {
  role: string | null;
  id: string | undefined;
  credentials: AwsCredentials | undefined;
}

// Each --role-arn is assumed once; a role that cannot be assumed is an issue of the run and its
// account is left out, the others still swept.
async function resolveAccounts(options: AwsSweepOptions, region: string, ctx: ScanContext): Promise<Account[]> {
  if (!options.roleArns || options.roleArns.length === 0) return [{ role: null, id: undefined, credentials: undefined }];
  const { accountOfRole, assumeRole } = await import('../../aws/clients.js');
  const out: Account[] = [];
  for (const role of options.roleArns) {
    try {
      out.push({ role, id: accountOfRole(role) ?? undefined, credentials: await assumeRole(role, region, options) });
    } catch (err) {
      const { code, message } = awsIssue(err);
      ctx.issues.push({ code, message: `role ${role} could not be assumed: ${message}`, path: role });
      ctx.skipped.push({ target: role, reason: 'failed' });
    }
  }
  return out;
}

// A region CodeCommit is not offered in has no endpoint: the SDK would fail on DNS after its
// retries with a message about a host name. Said plainly instead, and not called; with an
// endpoint of the user's own (a VPC endpoint, a test server) any region is taken as given.
function offered(targets: CodeCommitTarget[], options: AwsSweepOptions, ctx: ScanContext): CodeCommitTarget[] {
  if (options.endpointUrl || process.env.AWS_ENDPOINT_URL_CODECOMMIT || process.env.AWS_ENDPOINT_URL) return targets;
  return targets.filter((t) => {
    if (CODECOMMIT_REGIONS.includes(t.region)) return true;
    const where = `codecommit://${t.region}/${t.repository ?? '*'}`;
    ctx.issues.push({
      code: 'CODECOMMIT_NO_REGION',
      message: `CodeCommit is not offered in ${t.region} (it is in: ${CODECOMMIT_REGIONS.join(', ')})`,
      path: where,
    });
    ctx.skipped.push({ target: where, reason: 'failed' });
    return false;
  });
}

/** Scans every repository `target` names; one TargetHits per repository, in name order. */
export async function scanCodeCommit(target: string, options: AwsSweepOptions, ctx: ScanContext): Promise<TargetHits[]> {
  const parsed = offered(parseCodeCommitTarget(target, options.regions), options, ctx);
  if (parsed.length === 0) return [];
  // The AWS SDK is loaded only when a codecommit:// target is scanned: it would double the start-up
  // of every other run (a pre-commit hook's above all).
  const { codecommitAuth, listCodeCommitRepositories } = await import('./codecommit-source.js');
  const queue = new PQueue({ concurrency: Math.max(1, options.concurrency ?? 4) });
  const firstRegion = awsRegion(parsed[0]?.region);
  const { requireCredentials } = await import('../../aws/clients.js');
  await requireCredentials(firstRegion, options);
  const accounts = await resolveAccounts(options, firstRegion, ctx);
  const failures = new ListingFailures();
  const listed = await Promise.all(
    accounts.flatMap((account) =>
      parsed.map((one: CodeCommitTarget) =>
        queue.add(async (): Promise<Array<{ repo: CodeCommitRepository; account: Account }>> => {
          try {
            const repos = await listCodeCommitRepositories(one, options, account.credentials, account.id);
            return repos.map((repo) => ({ repo, account }));
          } catch (err) {
            const where = `codecommit://${account.id === undefined ? '' : `${account.id}@`}${one.region}/${one.repository ?? '*'}`;
            failures.add(err, where, one.region);
            ctx.skipped.push({ target: where, reason: 'failed' });
            return [];
          }
        }),
      ),
    ),
  );
  ctx.issues.push(...failures.issues());
  const repositories = listed.flat().filter(({ repo }) => {
    if (!options.shard || inShard(repo.target, options.shard)) return true;
    ctx.skipped.push({ target: repo.target, reason: 'other-shard' });
    return false;
  });
  const auth = new Map<string, Awaited<ReturnType<typeof codecommitAuth>>>();
  for (const { repo, account } of repositories) {
    const key = `${account.role}\0${repo.region}`;
    if (!auth.has(key)) auth.set(key, await codecommitAuth(repo.region, options, account.credentials));
  }
  const hits = await Promise.all(
    repositories.map(({ repo, account }) =>
      queue.add(() =>
        scanRemote(repo.cloneUrlHttp, auth.get(`${account.role}\0${repo.region}`) ?? (() => undefined), ctx, {
          target: repo.target,
          source: 'codecommit',
        }),
      ),
    ),
  );
  return hits.sort((a, b) => a.target.localeCompare(b.target));
}
