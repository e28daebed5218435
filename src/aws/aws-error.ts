// AWS SDK errors put into words for issues, problems and the audit log. It imports no SDK, so
// the scan modules that report AWS failures can load it at start-up.

interface SdkError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { requestId?: string; httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string> };
}

/** "Name: message", as a responder reads it in a problem list or the audit log. */
export function awsErrorText(err: unknown): string {
  const e = err as SdkError;
  return notAwsAnswer(e) ?? `${e.name ?? 'Error'}: ${e.message ?? String(err)}`;
}

/**
 * When the SDK could not parse the answer at all (a proxy's error page, an endpoint that does
 * not implement the call), its own message is a JSON parser's complaint about `<`. Say instead
 * what the endpoint answered, which is what a user can act on.
 */
function notAwsAnswer(e: SdkError): string | null {
  if (!/Deserialization error/.test(e.message ?? '')) return null;
  const status = e.$response?.statusCode ?? e.$metadata?.httpStatusCode;
  const type = e.$response?.headers?.['content-type']?.split(';')[0];
  const what = [status === undefined ? null : `HTTP ${status}`, type ?? null].filter(Boolean).join(', ');
  return `the endpoint did not answer as AWS (${what || 'an unreadable answer'}): check --endpoint-url or the proxy, or the service may not implement this call`;
}

/** The request id AWS gave a failed call, when it got that far. */
export function awsRequestId(err: unknown): string | null {
  return (err as SdkError).$metadata?.requestId ?? null;
}

/** An issue code (`AWS_<error name>`) and message for a failed AWS call, with what to do when the cause is known. */
export function awsIssue(err: unknown): { code: string; message: string } {
  const e = err as SdkError;
  const name = e.name && e.name !== 'Error' ? e.name : (e.Code ?? 'ERROR');
  const advice = awsAdvice(err);
  const said = notAwsAnswer(e);
  if (said) return { code: `AWS_${name}`, message: said };
  return { code: `AWS_${name}`, message: `${e.message || name}${advice ? `; ${advice}` : ''}` };
}

/** The causes of a failed AWS call a user can act on, each with what to do. */
const CAUSES: { test: RegExp; advice: string }[] = [
  {
    test: /CredentialsProviderError|Could not load credentials|credential.*not found|profile .* could not be found/i,
    advice:
      'no AWS credentials were found: pass --profile NAME or set AWS_PROFILE (after `aws sso login` for an SSO profile), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
  },
  {
    test: /ExpiredToken|TokenRefreshRequired|token.*(has )?expired|session.*expired/i,
    advice: 'the AWS credentials have expired: run `aws sso login` again (SSO), or renew the session token',
  },
  {
    test: /InvalidClientTokenId|UnrecognizedClient|InvalidAccessKeyId|SignatureDoesNotMatch|InvalidSignature|signature we calculated does not match|security token included in the request is invalid/i,
    advice:
      'AWS does not accept these credentials (an unknown or deactivated key, or the wrong secret): check the profile or the AWS_* variables',
  },
  {
    test: /AccessDenied|UnauthorizedOperation|not authorized to perform/i,
    advice: 'the credentials lack a permission this needs: README.md lists the IAM actions each command uses',
  },
  {
    test: /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|TimeoutError|socket hang up/i,
    advice: 'AWS could not be reached: check the network or proxy settings, or --endpoint-url',
  },
];

/** What the user can do about a failed AWS call, by its cause; null when nothing specific can be said. */
export function awsAdvice(err: unknown): string | null {
  const e = err as SdkError & { code?: string };
  const text = `${e.name ?? ''} ${e.Code ?? ''} ${e.code ?? ''} ${e.message ?? String(err)}`;
  return CAUSES.find((c) => c.test.test(text))?.advice ?? null;
}
