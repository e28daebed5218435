// The AWS flags of the commands that act on findings (keys, report, revoke), and the lookup
// options they make.
import type { Command } from 'commander';
import type { OwnerLookupOptions } from '../aws/key-owner.js';
import { awsRegion } from '../aws/settings.js';

/** AWS flags shared by keys, report and revoke. */
export interface AwsActionFlags {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  roleArn?: string[];
  canaryAccount?: string[];
}

/** Lookup options from the flags. */
export function lookupOptions(flags: AwsActionFlags): OwnerLookupOptions {
  return {
    region: awsRegion(flags.region),
    profile: flags.profile,
    endpointUrl: flags.endpointUrl,
    roleArns: flags.roleArn ?? [],
    canaryAccounts: flags.canaryAccount ?? [],
  };
}

/** Adds the AWS options keys, report and revoke share. */
export function withAwsOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS profile (default: the SDK credential chain)')
    .option('--region <region>', 'region for STS and IAM calls (default: AWS_REGION or us-east-1)')
    .option('--endpoint-url <url>', 'AWS API endpoint (VPC endpoints, test servers)')
    .option('--role-arn <arn...>', 'roles to assume in our other accounts, one per account')
    .option('--canary-account <id...>', 'accounts of canary tokens: reported, never looked into or acted on');
}
