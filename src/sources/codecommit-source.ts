// CodeCommit repositories as scan targets: `codecommit://REGION/REPO` or `codecommit://REGION/*`.
// Repositories are listed with the CodeCommit API (the SDK's paginator) and fetched over HTTPS
// with git credentials derived from the caller's AWS credentials, as AWS's credential helper does.
import { GetRepositoryCommand, paginateListRepositories } from '@aws-sdk/client-codecommit';
import { type AwsOptions, createCodeCommitClient } from '../aws/clients.js';
import { codecommitGitCredentials, regionOfHost } from '../aws/codecommit-git-credentials.js';
import { UsageError } from '../errors.js';
import type { GitAuthProvider } from './remote-git.js';

/** A parsed `codecommit://` target. */
export interface CodeCommitTarget {
  region: string;
  /** A repository name, or null for every repository of the region. */
  repository: string | null;
}

/** One repository to fetch. */
export interface CodeCommitRepository {
  region: string;
  account: string | null;
  name: string;
  cloneUrlHttp: string;
  /** The name findings carry: `codecommit://REGION/NAME`. */
  target: string;
}

/** Whether a target is a `codecommit://` URL. */
export function isCodeCommitTarget(target: string): boolean {
  return target.startsWith('codecommit://');
}

/** Reads `codecommit://REGION/REPO` or `codecommit://REGION/*`. */
export function parseCodeCommitTarget(target: string): CodeCommitTarget {
  const m = /^codecommit:\/\/([a-z]{2}(?:-[a-z]+)+-\d)\/(\*|[\w.-]{1,100})$/.exec(target);
  if (!m) {
    throw new UsageError('USAGE_BAD_TARGET', `${target}: expected codecommit://REGION/REPOSITORY or codecommit://REGION/* (e.g. codecommit://eu-west-1/*)`, { target });
  }
  return { region: m[1] as string, repository: m[2] === '*' ? null : (m[2] as string) };
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
