// Which repository and revision a scan read, for SARIF's versionControlProvenance. Known from the
// CI service's own environment (GitHub Actions, GitLab CI), or from a single https:// URL target;
// never from the scanned repository's config, which is the target's data and may lie.
import type { VersionControl } from '../types.js';

/** The provenance of a scan of `targets`, or undefined when nothing trustworthy names it. */
export function findVersionControl(targets: string[], env: NodeJS.ProcessEnv = process.env): VersionControl | undefined {
  // One local folder (the default `.`): not standard input, not a URL.
  const local =
    targets.length === 0 || (targets.length === 1 && targets[0] !== '-' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(targets[0] as string));
  if (local && env.GITHUB_ACTIONS === 'true' && env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) {
    return withRevision(`${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`, env.GITHUB_SHA, env.GITHUB_REF_NAME);
  }
  if (local && env.GITLAB_CI === 'true' && env.CI_PROJECT_URL) {
    return withRevision(env.CI_PROJECT_URL, env.CI_COMMIT_SHA, env.CI_COMMIT_REF_NAME);
  }
  const [only] = targets;
  if (targets.length === 1 && only !== undefined && /^https?:\/\//i.test(only)) {
    const url = new URL(only);
    url.username = '';
    url.password = '';
    return { repositoryUri: url.toString() };
  }
  return undefined;
}

function withRevision(repositoryUri: string, revisionId: string | undefined, branch: string | undefined): VersionControl {
  return { repositoryUri, ...(revisionId ? { revisionId } : {}), ...(branch ? { branch } : {}) };
}
