// The git username and password for CodeCommit over HTTPS, derived from AWS credentials the
// way AWS's own credential helper (`aws codecommit credential-helper`) and git-remote-codecommit
// do: a SigV4 signature of a "GIT" request for the repository path, with no payload hash. No
// long-lived git credentials are needed, and temporary (session) credentials work too.
import { createHash, createHmac } from 'node:crypto';

/** AWS credentials, as the SDK's credential providers return them. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What git sends as Basic auth. */
export interface GitCredentials {
  username: string;
  password: string;
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

/** `20240506T070809`: the timestamp form signed (no Z); the password then appends the Z. */
export function signingTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, '');
}

/** The region of a CodeCommit git host (`git-codecommit[-fips].REGION.amazonaws.com[.cn]`), or null. */
export function regionOfHost(host: string): string | null {
  const m = /^git-codecommit(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(host.replace(/:\d+$/, ''));
  return m ? (m[1] as string) : null;
}

/**
 * Derives the git credentials for the repository at `url` (its host, without port, and path are
 * signed) in `region`, at `now`.
 */
export function codecommitGitCredentials(credentials: AwsCredentials, url: string, region: string, now: Date = new Date()): GitCredentials {
  const { hostname, pathname } = new URL(url);
  const timestamp = signingTimestamp(now);
  const day = timestamp.slice(0, 8);
  const scope = `${day}/${region}/codecommit/aws4_request`;
  const canonicalRequest = `GIT\n${pathname}\n\nhost:${hostname}\n\nhost\n`;
  const stringToSign = `AWS4-HMAC-SHA256\n${timestamp}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  let key = hmac(`AWS4${credentials.secretAccessKey}`, day);
  for (const part of [region, 'codecommit', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  const username = credentials.sessionToken ? `${credentials.accessKeyId}%${credentials.sessionToken}` : credentials.accessKeyId;
  return { username, password: `${timestamp}Z${signature}` };
}
