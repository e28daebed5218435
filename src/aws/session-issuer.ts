// Whose session a leaked temporary (ASIA) key belongs to. STS says only the account; CloudTrail's
// management events (90 days, every region's API calls logged where the trail is) carry, for each
// call made with the key, the role or user that issued the session. Revoking the session then
// means denying that role or user every token issued before now (revoke.ts).
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { type AwsOptions, throttledClientSettings } from './clients.js';
import type { AwsCredentials } from './codecommit-git-credentials.js';

// What this needs of an account and the lookup options, stated here so that key-owner.ts, which
// calls this module, is not imported back (no cycle).
type IssuerAccount = { credentials: AwsCredentials | undefined };
type IssuerOptions = AwsOptions & { region: string };

/** The role or IAM user a temporary key's session was issued for. */
export interface SessionIssuer {
  type: 'Role' | 'IAMUser';
  name: string;
  arn: string;
  /** The earliest call CloudTrail holds from the key: its session was issued before it. */
  firstSeen: string | null;
}

interface TrailIdentity {
  sessionContext?: { sessionIssuer?: { type?: string; userName?: string; arn?: string } };
}

/** The issuer of `keyId`'s session from the first CloudTrail event made with it, or null. */
export async function findSessionIssuer(keyId: string, account: IssuerAccount, options: IssuerOptions): Promise<SessionIssuer | null> {
  const client = new CloudTrailClient(throttledClientSettings(options.region, options, account.credentials));
  try {
    const out = await client.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: keyId }], MaxResults: 50 }),
    );
    const times = (out.Events ?? [])
      .map((e) => e.EventTime?.toISOString())
      .filter((t): t is string => t !== undefined)
      .sort();
    for (const event of out.Events ?? []) {
      const identity = (JSON.parse(event.CloudTrailEvent ?? '{}') as { userIdentity?: TrailIdentity }).userIdentity;
      const issuer = identity?.sessionContext?.sessionIssuer;
      if ((issuer?.type === 'Role' || issuer?.type === 'IAMUser') && issuer.userName && issuer.arn) {
        return { type: issuer.type, name: issuer.userName, arn: issuer.arn, firstSeen: times[0] ?? null };
      }
    }
    return null;
  } finally {
    client.destroy();
  }
}
