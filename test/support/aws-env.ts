// The environment a CLI child needs to talk to the local AWS servers and nothing else: every
// service endpoint pointed at the emulator, the given credentials, no profile files, and the
// SDK's retries on as users run it (3 attempts), so the retry path is what the tests exercise.
export function awsTestEnv(
  url: string,
  key: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    ...(key.sessionToken ? { AWS_SESSION_TOKEN: key.sessionToken } : {}),
    AWS_REGION: 'us-east-1',
    ...Object.fromEntries(
      ['STS', 'IAM', 'CLOUDTRAIL', 'ORGANIZATIONS', 'SECRETS_MANAGER', 'S3', 'CODECOMMIT'].map((s) => [`AWS_ENDPOINT_URL_${s}`, url]),
    ),
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_MAX_ATTEMPTS: '3',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}
