// How long an AWS call may wait. Without a bound, one stalled S3 GET hung a whole sweep and one
// stalled IAM call hung `revoke --apply`, with nothing written. A connection must open within
// `connectMs`, and a request fails once nothing has arrived for `idleMs` (an idle bound, not a
// total one, so a large download that keeps flowing is never cut). The SDK retries such a failure
// as it does any transient one (AWS_MAX_ATTEMPTS, default 3); after that it is the target's
// failure, reported as an issue. Kept apart from clients.ts so the CLI can set it without loading
// the SDK.

/** The timeouts every AWS client is built with, in milliseconds. */
export const awsTimeouts = { connectMs: 10_000, idleMs: 60_000 };

/** Sets the idle timeout (and the connect timeout, up to 10 s) to `seconds`. */
export function setAwsTimeout(seconds: number): void {
  awsTimeouts.idleMs = seconds * 1000;
  awsTimeouts.connectMs = Math.min(10_000, seconds * 1000);
}
