// AWS SDK errors put into words for issues, problems and the audit log. It imports no SDK, so
// the scan modules that report AWS failures can load it at start-up.

interface SdkError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { requestId?: string };
}

/** "Name: message", as a responder reads it in a problem list or the audit log. */
export function awsErrorText(err: unknown): string {
  const e = err as SdkError;
  return `${e.name ?? 'Error'}: ${e.message ?? String(err)}`;
}

/** The request id AWS gave a failed call, when it got that far. */
export function awsRequestId(err: unknown): string | null {
  return (err as SdkError).$metadata?.requestId ?? null;
}

/** An issue code (`AWS_<error name>`) and message for a failed AWS call. */
export function awsIssue(err: unknown): { code: string; message: string } {
  const e = err as SdkError;
  const name = e.name && e.name !== 'Error' ? e.name : (e.Code ?? 'ERROR');
  return { code: `AWS_${name}`, message: e.message || name };
}
