// The one reader of AWS settings from the environment. It imports no SDK, so modules on the
// CLI's start-up path can use it. The SDK itself reads AWS_PROFILE and the endpoint variables.

/** Attempts per call to a service that throttles hard (CloudTrail), unless AWS_MAX_ATTEMPTS says otherwise. */
const THROTTLED_MAX_ATTEMPTS = 6;

/**
 * The attempts a call to a hard-throttled service gets: the user's AWS_MAX_ATTEMPTS (the SDK's own
 * variable) when set, else THROTTLED_MAX_ATTEMPTS, more than the SDK's default 3 because CloudTrail
 * throttles any caller past about two calls a second.
 */
export function throttledMaxAttempts(): number {
  const set = Number(process.env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(set) && set > 0 ? set : THROTTLED_MAX_ATTEMPTS;
}

/** Where AWS calls go when the user names no region: --region, else AWS_REGION, else us-east-1. */
export function awsRegion(explicit?: string | null): string {
  return explicit ?? process.env.AWS_REGION ?? 'us-east-1';
}
