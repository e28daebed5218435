// CloudTrail's event history for the AWS emulator (awsJson1_1 LookupEvents): events of the
// caller's account, filtered by one lookup attribute (AccessKeyId, EventName, Username or
// ResourceName) and the StartTime/EndTime window, newest first, paginated by MaxResults and
// NextToken. `throttle` answers that many calls with ThrottlingException first, as CloudTrail
// does past its 2 calls per second.
import type { ServerResponse } from 'node:http';

/** One management event. */
export interface TrailEvent {
  account: string;
  accessKeyId: string;
  /** The role or user behind a session (for temporary keys). */
  issuer?: { type: 'Role' | 'IAMUser'; userName: string; arn: string };
  eventName?: string;
  /** Epoch seconds. */
  time?: number;
  sourceIp?: string;
  userAgent?: string;
  region?: string;
  username?: string;
  /** The event's resources (a repository name, a user name). */
  resources?: string[];
  requestParameters?: Record<string, unknown>;
}

/** What the handler reads. */
export interface TrailState {
  trail: TrailEvent[];
  /** Calls still to be answered with ThrottlingException. */
  throttle: number;
  /** How many LookupEvents calls were made. */
  lookups: number;
}

type Send = (res: ServerResponse, status: number, body: unknown) => void;

interface LookupInput {
  LookupAttributes?: Array<{ AttributeKey: string; AttributeValue: string }>;
  StartTime?: number;
  EndTime?: number;
  MaxResults?: number;
  NextToken?: string;
}

function matches(e: TrailEvent, key: string, value: string): boolean {
  if (key === 'AccessKeyId') return e.accessKeyId === value;
  if (key === 'EventName') return (e.eventName ?? 'ListBuckets') === value;
  if (key === 'Username') return e.username === value;
  if (key === 'ResourceName') return (e.resources ?? []).includes(value);
  return false;
}

/** Serves LookupEvents for a caller of `account`. */
export function lookupEvents(state: TrailState, res: ServerResponse, input: LookupInput, account: string, send: Send): void {
  state.lookups++;
  if (state.throttle > 0) {
    state.throttle--;
    send(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
    return;
  }
  const attr = input.LookupAttributes?.[0];
  const events = state.trail
    .map((e, i) => ({ e, i, time: e.time ?? 1764000000 + i }))
    .filter(
      ({ e, time }) =>
        e.account === account &&
        (!attr || matches(e, attr.AttributeKey, attr.AttributeValue)) &&
        (input.StartTime === undefined || time >= input.StartTime) &&
        (input.EndTime === undefined || time <= input.EndTime),
    )
    .sort((a, b) => b.time - a.time);
  const start = Number(input.NextToken ?? 0);
  const size = Math.min(input.MaxResults ?? 50, 50);
  const page = events.slice(start, start + size);
  send(res, 200, {
    Events: page.map(({ e, i, time }) => ({
      EventId: `evt-${i}`,
      EventName: e.eventName ?? 'ListBuckets',
      EventTime: time,
      Username: e.username ?? e.issuer?.userName,
      AccessKeyId: e.accessKeyId,
      Resources: (e.resources ?? []).map((r) => ({ ResourceName: r })),
      CloudTrailEvent: JSON.stringify({
        eventName: e.eventName ?? 'ListBuckets',
        awsRegion: e.region ?? 'us-east-1',
        sourceIPAddress: e.sourceIp ?? '203.0.113.10',
        userAgent: e.userAgent ?? 'aws-cli/2.15.0',
        requestParameters: e.requestParameters ?? null,
        userIdentity: {
          type: e.issuer ? 'AssumedRole' : 'IAMUser',
          accessKeyId: e.accessKeyId,
          userName: e.username,
          ...(e.issuer ? { sessionContext: { sessionIssuer: { ...e.issuer, accountId: e.account } } } : {}),
        },
      }),
    })),
    ...(start + size < events.length ? { NextToken: String(start + size) } : {}),
  });
}
