// Vectors produced by botocore (and matched by `aws codecommit credential-helper`), from
// ../shared/AWS-TESTING.md. The keys are AWS's documentation examples, not credentials.
import { describe, expect, it } from 'vitest';
import { codecommitGitCredentials, regionOfHost, signingTimestamp } from '../../src/aws/codecommit-git-credentials.js';

const AT = new Date('2024-05-06T07:08:09Z');

describe('codecommitGitCredentials', () => {
  it('signs a long-term key like botocore', () => {
    const doc = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    expect(codecommitGitCredentials(doc, 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/MyDemoRepo', 'us-east-1', AT)).toEqual({
      username: 'AKIAIOSFODNN7EXAMPLE',
      password: '20240506T070809Zb877105dcefdd90bf5d932305ceba558e4b896b2b754e5156abad400ae2f6594',
    });
  });

  it('signs temporary credentials, the token joined to the username raw', () => {
    const temp = { accessKeyId: 'ASIAXXXXEXAMPLE', secretAccessKey: 'secret+/=', sessionToken: 'FwoGZX//+=token' };
    expect(codecommitGitCredentials(temp, 'https://git-codecommit.eu-west-2.amazonaws.com/v1/repos/a-b_c.d', 'eu-west-2', AT)).toEqual({
      username: 'ASIAXXXXEXAMPLE%FwoGZX//+=token',
      password: '20240506T070809Zb2efc631a3853e675665d46a81364273f1f1243a88bc5196dc9d8b38ad512730',
    });
  });

  it('signs the host without its port', () => {
    const doc = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const plain = codecommitGitCredentials(doc, 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/MyDemoRepo', 'us-east-1', AT);
    const ported = codecommitGitCredentials(doc, 'https://git-codecommit.us-east-1.amazonaws.com:443/v1/repos/MyDemoRepo', 'us-east-1', AT);
    expect(ported).toEqual(plain);
  });
});

describe('helpers', () => {
  it('formats the signed timestamp without a Z', () => {
    expect(signingTimestamp(AT)).toBe('20240506T070809');
  });

  it('reads the region of a CodeCommit host', () => {
    expect(regionOfHost('git-codecommit.eu-west-2.amazonaws.com')).toBe('eu-west-2');
    expect(regionOfHost('git-codecommit-fips.us-east-1.amazonaws.com:443')).toBe('us-east-1');
    expect(regionOfHost('127.0.0.1:8080')).toBeNull();
  });
});
