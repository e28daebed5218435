// The one place AWS clients are built (src/README.md "AWS"): from the SDK's default credential chain,
// with the user's --profile, --region and --endpoint-url. The SDK's own AWS_ENDPOINT_URL_<SERVICE>
// variables work too, which is how tests point the built CLI at a local emulator.
import { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SourceError } from '../errors.js';
import { awsAdvice, awsErrorText } from './aws-error.js';
import type { AwsCredentials } from './codecommit-git-credentials.js';
import { throttledMaxAttempts } from './settings.js';
import { awsTimeouts } from './timeouts.js';

/** How to reach AWS, from the command line. */
export interface AwsOptions {
  /** Named profile from the AWS config files. */
  profile?: string;
  /** Endpoint URL for every client (VPC endpoints, local test servers). */
  endpointUrl?: string;
}

/**
 * What every client is built with: `region`, and either the given credentials (a role assumed in
 * one account of a sweep, a leaked pair being verified) or the default chain under the user's
 * --profile; --endpoint-url when set; connect and idle timeouts (timeouts.ts). Each client of another service is built from this where it
 * is used, so a command loads only the SDK packages it needs.
 */
export function clientSettings(region: string, options: AwsOptions = {}, credentials?: AwsCredentials) {
  return {
    region,
    ...(options.profile && !credentials ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(credentials ? { credentials } : {}),
    requestHandler: { connectionTimeout: awsTimeouts.connectMs, socketTimeout: awsTimeouts.idleMs },
  };
}

/**
 * clientSettings for a service that throttles hard: CloudTrail's LookupEvents allows about two calls
 * a second per account and region and answers ThrottlingException past that. The SDK's adaptive
 * retry mode backs off on that error and then paces later calls with its client-side rate limiter,
 * for at most throttledMaxAttempts() attempts per call; each attempt is bounded by the timeouts.
 */
export function throttledClientSettings(region: string, options: AwsOptions = {}, credentials?: AwsCredentials) {
  return { ...clientSettings(region, options, credentials), retryMode: 'adaptive', maxAttempts: throttledMaxAttempts() };
}

/**
 * A CodeCommit client for `region`, with the default chain's credentials or, for one account of
 * an organisation-wide sweep, the credentials of a role assumed there.
 */
export function createCodeCommitClient(region: string, options: AwsOptions = {}, credentials?: AwsCredentials): CodeCommitClient {
  return new CodeCommitClient(clientSettings(region, options, credentials));
}

/**
 * An S3 client for `region` (a bucket elsewhere is followed: S3 says where it lives). Checksums
 * are asked for only where S3 requires them: the scan only reads, and S3-compatible stores
 * that do not speak the flexible-checksum protocol then work too.
 */
export function createS3Client(region: string, options: AwsOptions = {}, credentials?: AwsCredentials): S3Client {
  return new S3Client({
    ...clientSettings(region, options, credentials),
    followRegionRedirects: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.endpointUrl ? { forcePathStyle: true } : {}),
  });
}

/** The account id in a role ARN (`arn:aws:iam::123456789012:role/x`), or null. */
export function accountOfRole(roleArn: string): string | null {
  return /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? null;
}

/** Assumes `roleArn` with the default chain's credentials (STS in `region`); temporary credentials back. */
export async function assumeRole(roleArn: string, region: string, options: AwsOptions = {}): Promise<AwsCredentials> {
  const client = new STSClient(clientSettings(region, options));
  try {
    const out = await client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'credsweep-sweep', DurationSeconds: 3600 }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}) };
  } finally {
    client.destroy();
  }
}

/**
 * Resolves the default chain's credentials once, before a sweep fans out over regions: without
 * any, every region would fail alike, and the user would get one identical error per region
 * instead of one that says what to do.
 * @throws SourceError `AWS_NO_CREDENTIALS` naming the cause and the remedy.
 */
export async function requireCredentials(region: string, options: AwsOptions = {}): Promise<void> {
  const client = new STSClient(clientSettings(region, options));
  try {
    await client.config.credentials();
  } catch (err) {
    const advice = awsAdvice(err) ?? `the AWS credentials could not be loaded (${awsErrorText(err)})`;
    throw new SourceError('AWS_NO_CREDENTIALS', `${advice}${options.profile ? ` (profile ${options.profile})` : ''}`, {
      profile: options.profile ?? null,
    });
  } finally {
    client.destroy();
  }
}
