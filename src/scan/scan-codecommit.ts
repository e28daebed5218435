// Scan of CodeCommit repositories: list them through the API, then fetch and scan each as a
// remote repository named `codecommit://REGION/NAME`. A region or repository the credentials
// cannot list or read is an issue of the run (exit 3); the other repositories are still scanned.
import type { AwsOptions } from '../aws/clients.js';
import type { CodeCommitRepository } from '../sources/codecommit-source.js';
import { parseCodeCommitTarget } from '../sources/codecommit-target.js';
import type { TargetHits } from './group-findings.js';
import type { ScanContext } from './scan-context.js';
import { scanRemote } from './scan-remote.js';

function describeAwsError(err: unknown): { code: string; message: string } {
  const e = err as { name?: string; message?: string };
  return { code: `AWS_${e.name ?? 'ERROR'}`, message: e.message ?? String(err) };
}

/** Scans every repository `target` names; one TargetHits per repository. */
export async function scanCodeCommit(target: string, options: AwsOptions, ctx: ScanContext): Promise<TargetHits[]> {
  const parsed = parseCodeCommitTarget(target);
  // The AWS SDK is loaded only when a codecommit:// target is scanned: it would double the start-up
  // of every other run (a pre-commit hook's above all).
  const { codecommitAuth, listCodeCommitRepositories } = await import('../sources/codecommit-source.js');
  let repositories: CodeCommitRepository[];
  try {
    repositories = await listCodeCommitRepositories(parsed, options);
  } catch (err) {
    const { code, message } = describeAwsError(err);
    ctx.issues.push({ code, message: `${target}: repositories could not be listed: ${message}`, path: target });
    return [];
  }
  const auth = await codecommitAuth(parsed.region, options);
  const out: TargetHits[] = [];
  for (const repo of repositories) {
    out.push(await scanRemote(repo.cloneUrlHttp, auth, ctx, { target: repo.target, source: 'codecommit' }));
  }
  return out;
}
