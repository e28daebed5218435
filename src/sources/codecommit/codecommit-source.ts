// CodeCommit repositories as scan targets: `codecommit://REGION/REPO` or `codecommit://REGION/*`.
// Repositories are listed with the CodeCommit API (the SDK's paginator) and fetched over HTTPS
// with git credentials derived from the caller's AWS credentials, as AWS's credential helper does.
import { GetRepositoryCommand, paginateListRepositories } from '@aws-sdk/client-codecommit';
import { type AwsOptions, createCodeCommitClient } from '../../aws/clients.js';
import { type AwsCredentials, codecommitGitCredentials, regionOfHost } from '../../aws/codecommit-git-credentials.js';
import type { CodeCommitTarget } from './codecommit-target.js';
import type { GitAuthProvider } from '../remote/remote-url.js';

/** One repository to fetch. */
export interface CodeCommitRepository {
  region: string;
  account: string | null;
  name: string;
  cloneUrlHttp: string;
  /** The name findings carry: `codecommit://REGION/NAME`. */
  target: string;
}

/**
 * Lists the repositories a target names, with their clone URLs. With `account` (a role assumed in
 * that account), findings are named `codecommit://ACCOUNT@REGION/NAME`, since two accounts can
 * hold repositories of the same name. Errors are the SDK's.
 */
export async function listCodeCommitRepositories(
  target: CodeCommitTarget,
  options: AwsOptions,
  credentials?: AwsCredentials,
  account?: string,
): Promise<CodeCommitRepository[]> {
  const client = createCodeCommitClient(target.region, options, credentials);
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
      const where = account === undefined ? target.region : `${account}@${target.region}`;
      out.push({
        region: target.region,
        account: meta.accountId ?? account ?? null,
        name,
        cloneUrlHttp: meta.cloneUrlHttp,
        target: `codecommit://${where}/${name}`,
      });
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
export async function codecommitAuth(region: string, options: AwsOptions, assumed?: AwsCredentials): Promise<GitAuthProvider> {
  let credentials = assumed;
  if (credentials === undefined) {
    const client = createCodeCommitClient(region, options);
    try {
      credentials = await client.config.credentials();
    } finally {
      client.destroy();
    }
  }
  const use = credentials;
  return (url) => codecommitGitCredentials(use, url, regionOfHost(new URL(url).host) ?? region);
}
