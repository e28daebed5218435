// The verdict on an exposed key's use, from its CloudTrail history before and since exposure:
// each of the four verdicts, and what the story counts along the way. Pure: no AWS here.
import { describe, expect, it } from 'vitest';
import { analyseKey } from '../../src/incident/key-story.js';
import { call } from './incident-values.js';

const EXPOSED = '2026-02-01T08:30:00Z';
const CI_RUNNER = '10.20.30.40';
const workload = [call('2026-01-20T10:00:00Z', 'GetObject', CI_RUNNER), call('2026-01-25T10:00:00Z', 'PutObject', CI_RUNNER)];

describe('the use verdict of a key', () => {
  it('says "used from somewhere new" for a call from a source never seen before exposure, naming it', () => {
    const since = [
      call('2026-02-02T01:00:00Z', 'GetObject', CI_RUNNER),
      call('2026-02-02T03:00:00Z', 'ListBuckets', '203.0.113.77', 'curl/8.5'),
    ];
    const a = analyseKey(workload, since, null, EXPOSED, true);
    expect(a.verdict).toBe('used-from-somewhere-new');
    expect(a.newSources).toEqual(['203.0.113.77']);
    expect(a.why).toBe('2 call(s) since exposure, from 203.0.113.77, never seen before it');
  });

  it('says "used from somewhere new" even when CloudTrail could not be read whole', () => {
    const since = [call('2026-02-02T03:00:00Z', 'ListBuckets', '203.0.113.77')];
    expect(analyseKey(workload, since, null, EXPOSED, false).verdict).toBe('used-from-somewhere-new');
  });

  it('says "used by its known workload" when every call since comes from a source that used it before', () => {
    const since = [call('2026-02-03T10:00:00Z', 'GetObject', CI_RUNNER)];
    const a = analyseKey(workload, since, null, EXPOSED, true);
    expect(a.verdict).toBe('used-by-known-workload');
    expect(a.newSources).toEqual([]);
    expect(a.why).toBe(`1 call(s) since exposure, all from sources that used it before (${CI_RUNNER})`);
  });

  it('says "never used since exposure" when CloudTrail has no call and IAM agrees', () => {
    const a = analyseKey(workload, [], '2026-01-25T10:00:00.000Z', EXPOSED, true);
    expect(a.verdict).toBe('never-used-since-exposure');
    expect(a.sinceExposure).toEqual([]);
  });

  it('says "unknown" when IAM saw a use after exposure that CloudTrail does not hold', () => {
    const a = analyseKey(workload, [], '2026-02-05T00:00:00.000Z', EXPOSED, true);
    expect(a.verdict).toBe('unknown');
    expect(a.why).toContain('IAM says it was last used 2026-02-05T00:00:00.000Z, after exposure');
  });

  it('says "unknown" rather than "never used" when CloudTrail could not be read whole', () => {
    const a = analyseKey(workload, [], null, EXPOSED, false);
    expect(a.verdict).toBe('unknown');
    expect(a.why).toMatch(/^CloudTrail could not be read whole/);
  });

  it('without an exposure time, a last use alone does not make the verdict unknown', () => {
    expect(analyseKey([], [], '2026-02-05T00:00:00.000Z', null, true).verdict).toBe('never-used-since-exposure');
  });

  it('counts the calls since exposure and picks out persistence, our own --verify call apart', () => {
    const attacker = '198.51.100.23';
    const since = [
      call('2026-02-02T01:00:00Z', 'GetCallerIdentity', '192.0.2.10', 'aws-sdk-js/3.700 credsweep-verify'),
      call('2026-02-02T02:00:00Z', 'ListUsers', attacker, 'python-requests/2.31'),
      call('2026-02-02T02:05:00Z', 'CreateAccessKey', attacker, 'python-requests/2.31'),
      call('2026-02-02T02:06:00Z', 'CreateLoginProfile', attacker, 'python-requests/2.31'),
      { ...call('2026-02-02T02:10:00Z', 'ListUsers', null, 'python-requests/2.31'), region: null },
    ];
    const a = analyseKey(workload, since, null, EXPOSED, true);
    expect(a.verification.map((r) => r.eventName)).toEqual(['GetCallerIdentity']);
    expect(a.sinceExposure).toHaveLength(4);
    expect(a.byApi).toEqual({ ListUsers: 2, CreateAccessKey: 1, CreateLoginProfile: 1 });
    expect(a.bySourceIp).toEqual({ [attacker]: 3, unknown: 1 });
    expect(a.byUserAgent).toEqual({ 'python-requests/2.31': 4 });
    expect(a.byRegion).toEqual({ 'eu-west-1': 3, unknown: 1 });
    expect(a.persistence.map((r) => r.eventName)).toEqual(['CreateAccessKey', 'CreateLoginProfile']);
    expect(a.newSources).toEqual([attacker]);
  });
});
