// The story of one key read from CloudTrail: keys --verify's own call is shown, never counted as use.
import { describe, expect, it } from 'vitest';
import { analyseKey } from '../../src/incident/key-story.js';
import type { TrailRecord } from '../../src/incident/trail-history.js';

function call(time: string, sourceIp: string, userAgent: string): TrailRecord {
  return {
    eventId: time,
    eventName: 'GetCallerIdentity',
    time,
    region: 'us-east-1',
    sourceIp,
    userAgent,
    principal: null,
    accessKeyId: 'AKIAB2C3D4E5F6G7H2J3',
    resources: [],
    requestParameters: null,
  };
}

describe('analyseKey', () => {
  it('keeps the verification call out of "used from somewhere new"', () => {
    const before = [call('2026-01-01T00:00:00Z', '10.0.0.5', 'aws-cli/2')];
    const verify = call('2026-02-02T00:00:00Z', '198.51.100.7', 'aws-sdk-js/3.0 credsweep-verify');
    const a = analyseKey(before, [verify], null, '2026-02-01T00:00:00Z', true);
    expect(a.verdict).toBe('never-used-since-exposure');
    expect(a.newSources).toEqual([]);
    expect(a.verification).toEqual([verify]);
    const attacker = call('2026-02-03T00:00:00Z', '203.0.113.9', 'python-requests');
    expect(analyseKey(before, [verify, attacker], null, '2026-02-01T00:00:00Z', true)).toMatchObject({
      verdict: 'used-from-somewhere-new',
      newSources: ['203.0.113.9'],
    });
  });
});
