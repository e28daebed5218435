// CloudTrail lookups retried by the AWS SDK's own adaptive strategy, against the local emulator
// (real HTTP, SigV4 checked) answering ThrottlingException as CloudTrail does past its rate limit.
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { throttledClientSettings } from '../../src/aws/clients.js';
import { lookupTrail } from '../../src/incident/trail-history.js';
import { type AwsEmulator, startAwsEmulator } from '../support/aws-emulator.js';

const ACCOUNT = '402918376650';
const KEY = { accessKeyId: 'AKIAQ7RT2WX4KZ5MNB3D', secretAccessKey: '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', account: ACCOUNT };
const LEAKED = 'AKIAV3HN7QP2LD4WZX6C';
const FROM = new Date('2026-01-01T00:00:00Z');
const TO = new Date('2027-01-01T00:00:00Z');

let emulator: AwsEmulator;
const savedAttempts = process.env.AWS_MAX_ATTEMPTS;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  emulator = await startAwsEmulator([KEY]);
  for (let i = 0; i < 3; i++) {
    emulator.trail.push({ account: ACCOUNT, accessKeyId: LEAKED, eventName: 'ListBuckets', time: 1_780_000_000 + i * 60 });
  }
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.throttle = 0;
  if (savedAttempts === undefined) delete process.env.AWS_MAX_ATTEMPTS;
  else process.env.AWS_MAX_ATTEMPTS = savedAttempts;
});

function trailClient(): CloudTrailClient {
  const { accessKeyId, secretAccessKey } = KEY;
  return new CloudTrailClient(throttledClientSettings('us-east-1', { endpointUrl: emulator.url }, { accessKeyId, secretAccessKey }));
}

async function lookup(budgetMs?: number) {
  const client = trailClient();
  const before = emulator.lookups;
  try {
    const result = await lookupTrail(client, 'AccessKeyId', LEAKED, FROM, TO, budgetMs);
    return { ...result, calls: emulator.lookups - before };
  } finally {
    client.destroy();
  }
}

describe('CloudTrail lookups under throttling', () => {
  it('go through a client in the SDK adaptive retry mode', async () => {
    const client = trailClient();
    try {
      expect(await client.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
    } finally {
      client.destroy();
    }
  });

  it('succeed after the SDK retried the throttled calls, every call signed', async () => {
    delete process.env.AWS_MAX_ATTEMPTS;
    emulator.throttle = 2;
    const result = await lookup();
    expect(result.problem).toBeNull();
    expect(result.complete).toBe(true);
    expect(result.records.map((r) => r.eventName)).toEqual(['ListBuckets', 'ListBuckets', 'ListBuckets']);
    expect(result.calls).toBe(3);
    const trailCalls = emulator.requests.filter((r) => r.operation === 'LookupEvents');
    expect(trailCalls.length).toBeGreaterThanOrEqual(3);
    expect(trailCalls.every((r) => r.verified)).toBe(true);
  });

  it('give a clear error naming the attempts and the remedy when throttling persists', async () => {
    process.env.AWS_MAX_ATTEMPTS = '3';
    emulator.throttle = 1000;
    const result = await lookup();
    expect(result.complete).toBe(false);
    expect(result.records).toEqual([]);
    expect(result.calls).toBe(3);
    expect(result.problem).toBe(
      `CloudTrail LookupEvents AccessKeyId=${LEAKED}: still throttled after 3 attempts (Rate exceeded); ` +
        'CloudTrail allows about two lookups a second per account and region: run the report again later, or set AWS_MAX_ATTEMPTS higher',
    );
  });

  it('stop at the time bound of a lookup, whatever attempts remain', async () => {
    process.env.AWS_MAX_ATTEMPTS = '50';
    emulator.throttle = 1000;
    const result = await lookup(300);
    expect(result.complete).toBe(false);
    expect(result.calls).toBeLessThan(50);
    expect(result.problem).toMatch(
      /^CloudTrail LookupEvents AccessKeyId=AKIAV3HN7QP2LD4WZX6C: not finished within 300 ms \(every page, retries included\)/,
    );
  });
});
