// Repository URLs as targets: recognised and shown (credentials removed) without loading
// isomorphic-git, so a run with no URL target never pays for it at start-up.

/** Basic-auth credentials for a git host. */
export interface GitAuth {
  username: string;
  password: string;
}

/** Gives the credentials for a repository URL, or undefined to try without. */
export type GitAuthProvider = (url: string) => GitAuth | undefined;

/** Whether a target names a remote repository this module can fetch. */
export function isRemoteGitUrl(target: string): boolean {
  return /^https?:\/\/[^/]/i.test(target);
}

/** The URL without any user:password@, for reports and messages. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}
