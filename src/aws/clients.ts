// The one place AWS clients are built (DESIGN.md "AWS"): from the SDK's default credential chain,
// with the user's --profile, --region and --endpoint-url. The SDK's own AWS_ENDPOINT_URL_<SERVICE>
// variables work too, which is how tests point the built CLI at a local emulator.
import { CodeCommitClient } from '@aws-sdk/client-codecommit';

/** How to reach AWS, from the command line. */
export interface AwsOptions {
  /** Named profile from the AWS config files. */
  profile?: string;
  /** Endpoint URL for every client (VPC endpoints, local test servers). */
  endpointUrl?: string;
}

/** A CodeCommit client for `region`. */
export function createCodeCommitClient(region: string, options: AwsOptions = {}): CodeCommitClient {
  return new CodeCommitClient({
    region,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
  });
}
