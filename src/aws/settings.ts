// The one reader of AWS settings from the environment. It imports no SDK, so modules on the
// CLI's start-up path can use it. The SDK itself reads AWS_PROFILE and the endpoint variables.

/** Where AWS calls go when the user names no region: --region, else AWS_REGION, else us-east-1. */
export function awsRegion(explicit?: string | null): string {
  return explicit ?? process.env.AWS_REGION ?? 'us-east-1';
}
