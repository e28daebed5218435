// CodeCommit repositories as scan targets: `codecommit://REGION/REPO` or `codecommit://REGION/*`.
// Repositories are listed with the CodeCommit API (the SDK's paginator) and fetched over HTTPS
// with git credentials derived from the caller's AWS credentials, as AWS's credential helper does.
import { GetRepositoryCommand, paginateListRepositories } from '@aws-sdk/client-codecommit';
import { type AwsOptions, createCodeCommitClient } from '../aws/clients.js';
import { codecommitGitCredentials, regionOfHost } from '../aws/codecommit-git-credentials.js';
import type { CodeCommitTarget } from './codecommit-target.js';
import type { GitAuthProvider } from './remote-url.js';

/** One repository to fetch. */
export interface CodeCommitRepository {
  region: string;
  account: string | null;
  name: string;
  cloneUrlHttp: string;
  /** The name findings carry: `codecommit://REGION/NAME`. */
  target: string;
}

/** Lists the repositories a target names, with their clone URLs. Errors are the SDK's. */
export async function listCodeCommitRepositories(target: CodeCommitTarget, options: AwsOptions): Promise<CodeCommitRepository[]> {
  const client = createCodeCommitClient(target.region, options);
  try {
    let names: string[];
    if (target.repository !== null) names = [target.repository];
    else {
      names = [];
      for await (const page of paginateListRepositories({ client }, {})) {
        for (const r of page.repositories ?? []) if (r.repositoryName) names.push(r.repositoryName);
      }
    }
    const out: CodeCommitRepository[] = [];
    for (const name of names.sort()) {
      const { repositoryMetadata: meta } = await client.send(new GetRepositoryCommand({ repositoryName: name }));
      if (!meta?.cloneUrlHttp) continue;
      out.push({ region: target.region, account: meta.accountId ?? null, name, cloneUrlHttp: meta.cloneUrlHttp, target: `codecommit://${target.region}/${name}` });
    }
    return out;
  } finally {
    client.destroy();
  }
}

/**
 * Git credentials for a CodeCommit clone URL, derived fresh for each request from the client's
 * credentials (temporary ones included). The region comes from the host, else from the target.
 */
export async function codecommitAuth(region: string, options: AwsOptions): Promise<GitAuthProvider> {
  const client = createCodeCommitClient(region, options);
  try {
    const credentials = await client.config.credentials();
    return (url) => codecommitGitCredentials(credentials, url, regionOfHost(new URL(url).host) ?? region);
  } finally {
    client.destroy();
  }
}
