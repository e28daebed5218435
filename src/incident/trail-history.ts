// CloudTrail's event history (LookupEvents), read page by page within CloudTrail's rate limit:
// it allows about two calls a second per account and region and answers ThrottlingException past
// that, so a throttled call is retried with a growing pause. What could not be read makes the
// history incomplete, which the report says instead of "no activity".
import { type CloudTrailClient, LookupEventsCommand, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';

/** One event, with what a responder reads from it. */
export interface TrailRecord {
  eventId: string;
  eventName: string;
  time: string;
  region: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  /** The user or role session that made the call. */
  principal: string | null;
  accessKeyId: string | null;
  resources: string[];
  requestParameters: Record<string, unknown> | null;
}

/** A lookup's events, and whether every page could be read. */
export interface TrailLookup {
  records: TrailRecord[];
  complete: boolean;
  problem: string | null;
}

// Pauses between throttled calls: 250 ms doubling, five times. CREDSWEEP_TRAIL_PAUSE_MS sets the
// first (tests set it low; a responder with a busy account may set it higher).
const RETRIES = 5;
const firstPause = () => Number(process.env.CREDSWEEP_TRAIL_PAUSE_MS ?? 250);

// Calls are also spaced to CloudTrail's 2 per second (twice the first pause), so a long history
// is read steadily instead of being throttled page after page.
let lastCall = 0;
async function paced(): Promise<void> {
  const wait = lastCall + 2 * firstPause() - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  lastCall = Date.now();
}
const MAX_EVENTS = 10_000;

function toRecord(e: {
  EventId?: string;
  EventName?: string;
  EventTime?: Date;
  Username?: string;
  AccessKeyId?: string;
  Resources?: Array<{ ResourceName?: string }>;
  CloudTrailEvent?: string;
}): TrailRecord {
  let detail: Record<string, unknown> = {};
  try {
    detail = JSON.parse(e.CloudTrailEvent ?? '{}') as Record<string, unknown>;
  } catch {
    // A record CloudTrail could not serialise still has its summary fields.
  }
  const identity = (detail.userIdentity ?? {}) as {
    arn?: string;
    userName?: string;
    sessionContext?: { sessionIssuer?: { arn?: string } };
  };
  return {
    eventId: e.EventId ?? '',
    eventName: e.EventName ?? String(detail.eventName ?? ''),
    time: (e.EventTime ?? new Date(0)).toISOString(),
    region: typeof detail.awsRegion === 'string' ? detail.awsRegion : null,
    sourceIp: typeof detail.sourceIPAddress === 'string' ? detail.sourceIPAddress : null,
    userAgent: typeof detail.userAgent === 'string' ? detail.userAgent : null,
    principal: identity.arn ?? identity.sessionContext?.sessionIssuer?.arn ?? e.Username ?? identity.userName ?? null,
    accessKeyId: e.AccessKeyId ?? null,
    resources: (e.Resources ?? []).map((r) => r.ResourceName ?? '').filter(Boolean),
    requestParameters: (detail.requestParameters as Record<string, unknown> | null) ?? null,
  };
}

/** Every event matching one lookup attribute in `[start, end]`, oldest first. */
export async function lookupTrail(
  client: CloudTrailClient,
  key: 'AccessKeyId' | 'EventName' | 'ResourceName' | 'Username',
  value: string,
  start: Date,
  end: Date,
): Promise<TrailLookup> {
  const records: TrailRecord[] = [];
  let token: string | undefined;
  do {
    let page: LookupEventsCommandOutput | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        await paced();
        page = await client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: key, AttributeValue: value }],
            StartTime: start,
            EndTime: end,
            MaxResults: 50,
            NextToken: token,
          }),
        );
        break;
      } catch (err) {
        const name = (err as { name?: string }).name ?? '';
        if (name === 'ThrottlingException' && attempt < RETRIES) {
          await new Promise((r) => setTimeout(r, firstPause() * 2 ** attempt));
          continue;
        }
        return {
          records: records.reverse(),
          complete: false,
          problem: `CloudTrail LookupEvents ${key}=${value}: ${name}: ${(err as Error).message}`,
        };
      }
    }
    for (const e of page?.Events ?? []) records.push(toRecord(e));
    token = page?.NextToken;
    if (records.length >= MAX_EVENTS)
      return {
        records: records.reverse(),
        complete: false,
        problem: `more than ${MAX_EVENTS} events for ${key}=${value}; only the newest were read`,
      };
  } while (token);
  return { records: records.reverse(), complete: true, problem: null };
}
