// Repository URLs as targets: recognised and shown (credentials removed) without loading
// isomorphic-git, so a run with no URL target never pays for it at start-up.

/** Basic-auth credentials for a git host. */
export interface GitAuth {
  username: string;
  password: string;
}

/** Gives the credentials for a repository URL, or undefined to try without. */
export type GitAuthProvider = (url: string) => GitAuth | undefined;

/** Whether a target names a remote repository (https://, http:// or ssh://). */
export function isRemoteGitUrl(target: string): boolean {
  return /^(?:https?|ssh):\/\/[^/]/i.test(target);
}

/** The URL without any user:password@, for reports and messages. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    // An ssh user (git@) is a login name, not a credential; an https user often is a token.
    if (u.protocol !== 'ssh:') u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}
