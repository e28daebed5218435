// CloudTrail's event history (LookupEvents), read page by page within CloudTrail's rate limit:
// it allows about two calls a second per account and region and answers ThrottlingException past
// that. The client (throttledClientSettings) retries such a call with the SDK's adaptive strategy,
// which also slows the calls after it; a lookup as a whole is bounded in time on top of that.
// What could not be read makes the history incomplete, which the report says instead of "no activity".
import { type CloudTrailClient, LookupEventsCommand, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { awsErrorText } from '../aws/aws-error.js';

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

const MAX_EVENTS = 10_000;

/**
 * How long one lookup (every page of it, retries included) may take: 200 pages at CloudTrail's
 * two calls a second, with room for throttling. A retry already waiting ends its pause first.
 */
export const TRAIL_LOOKUP_BUDGET_MS = 5 * 60_000;

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

// What went wrong with a LookupEvents call, and for throttling what to do about it.
function lookupProblem(err: unknown, what: string, budgetMs: number, signal: AbortSignal): string {
  const e = err as { name?: string; message?: string; $metadata?: { attempts?: number } };
  const attempts = e.$metadata?.attempts;
  if (signal.aborted) {
    return `CloudTrail LookupEvents ${what}: not finished within ${budgetMs < 1000 ? `${budgetMs} ms` : `${Math.round(budgetMs / 1000)} s`} (every page, retries included); run the report again later`;
  }
  if (e.name === 'ThrottlingException') {
    return (
      `CloudTrail LookupEvents ${what}: still throttled after ${attempts ?? 'several'} attempts (${e.message ?? 'Rate exceeded'}); ` +
      'CloudTrail allows about two lookups a second per account and region: run the report again later, or set AWS_MAX_ATTEMPTS higher'
    );
  }
  return `CloudTrail LookupEvents ${what}: ${awsErrorText(err)}`;
}

/**
 * Every event matching one lookup attribute in `[start, end]`, oldest first. Throttled calls are
 * retried by the client's own strategy; the whole lookup stops after `budgetMs`.
 */
export async function lookupTrail(
  client: CloudTrailClient,
  key: 'AccessKeyId' | 'EventName' | 'ResourceName' | 'Username',
  value: string,
  start: Date,
  end: Date,
  budgetMs: number = TRAIL_LOOKUP_BUDGET_MS,
): Promise<TrailLookup> {
  const records: TrailRecord[] = [];
  const signal = AbortSignal.timeout(budgetMs);
  let token: string | undefined;
  do {
    let page: LookupEventsCommandOutput;
    try {
      page = await client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: key, AttributeValue: value }],
          StartTime: start,
          EndTime: end,
          MaxResults: 50,
          NextToken: token,
        }),
        { abortSignal: signal },
      );
    } catch (err) {
      return { records: records.reverse(), complete: false, problem: lookupProblem(err, `${key}=${value}`, budgetMs, signal) };
    }
    for (const e of page.Events ?? []) records.push(toRecord(e));
    token = page.NextToken;
    if (records.length >= MAX_EVENTS)
      return {
        records: records.reverse(),
        complete: false,
        problem: `more than ${MAX_EVENTS} events for ${key}=${value}; only the newest were read`,
      };
  } while (token);
  return { records: records.reverse(), complete: true, problem: null };
}
