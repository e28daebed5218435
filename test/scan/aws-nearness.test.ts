// What "near" means for pairing: the text between a key id and a secret keeps them in one
// structure (block, object, element, profile, call), or it does not.
import { describe, expect, it } from 'vitest';
import { markNearKeyIds, sameStructure } from '../../src/scan/aws-nearness.js';
import type { Match } from '../../src/types.js';

describe('sameStructure', () => {
  it.each([
    ['one JSON object', '", "pgp_key": null, "secret": "'],
    ['a nested object left behind', '"}, "secret": "'],
    ["the value's own XML element and Jenkins braces", '}</accessKey>\n    <secretKey>{'],
    ['escaped JSON', '\\",\\"awsSecretKey\\":\\"'],
    ["a call's arguments", '", aws_secret_access_key="'],
    ['CloudFormation outputs, one object each', '"\n    },\n    {\n      "OutputKey": "SecretAccessKey",\n      "OutputValue": "'],
  ])('keeps %s together', (_, between) => expect(sameStructure(between)).toBe(true));

  it.each([
    ['sibling objects', '"}, {"secret": "'],
    ['sibling HCL blocks', '"\n}\nprovider "other" {\n  api_token = "'],
    ['sibling XML credentials', '</accessKey>\n  </cred>\n  <cred>\n    <secretKey>'],
    ['another credentials profile', '\n\n[dev]\naws_secret_access_key = '],
  ])('keeps %s apart', (_, between) => expect(sameStructure(between)).toBe(false));
});

function match(ruleId: string, text: string, value: string, data: string): Match {
  const start = data.indexOf(value);
  const line = data.slice(0, start).split('\n').length;
  return {
    ruleId,
    blobId: 'b',
    secret: value,
    start,
    end: start + value.length,
    line,
    column: 1,
    confidence: 'high',
    validation: 'unchecked',
    entropy: 4,
    snippet: text,
  };
}

describe('markNearKeyIds', () => {
  it('marks the id of the same profile near, and the id of another profile apart', () => {
    const data = '[a]\naws_access_key_id = AKIAQ3RTW7MZP5LX2NV6\naws_secret_access_key = S1\n[b]\naws_secret_access_key = S2\n';
    const id = match('aws.access-key-id', '', 'AKIAQ3RTW7MZP5LX2NV6', data);
    const s1 = match('aws.secret-access-key', '', 'S1', data);
    const s2 = match('aws.secret-access-key', '', 'S2', data);
    markNearKeyIds([id, s1, s2], Buffer.from(data));
    expect([s1.nearKeyIds, s1.apartKeyIds]).toEqual([['AKIAQ3RTW7MZP5LX2NV6'], undefined]);
    expect([s2.nearKeyIds, s2.apartKeyIds]).toEqual([undefined, ['AKIAQ3RTW7MZP5LX2NV6']]);
  });

  it('leaves a blob without a key id alone', () => {
    const data = 'aws_secret_access_key = S1\n';
    const s1 = match('aws.secret-access-key', '', 'S1', data);
    markNearKeyIds([s1], Buffer.from(data));
    expect(s1.nearKeyIds).toBeUndefined();
  });
});
