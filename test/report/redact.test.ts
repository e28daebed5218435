import { describe, expect, it } from 'vitest';
import { FULL_MASK, isAwsKeyId, presentFinding, redactSecret, redactSnippet } from '../../src/report/redact.js';
import { AWS_KEY_ID, AWS_SECRET_KEY, FINDINGS } from './scan-result-fixture.js';

const RULE = 'generic.password';

/** Characters of the secret still visible in its redacted form. */
function revealed(redacted: string): number {
  return Array.from(redacted.replace('…', '')).length;
}

describe('redactSecret', () => {
  it('shows a PEM private key as its type and the ends of its body, not its armour', () => {
    const body = 'MIIEpQIBAAKCAQEAz8kFq2Lw7Rt3Vx9Pm4Hn6Jc1Bd5Gs0Ya2Zk8Qr3Tn7Mv4Lp\nWx9Hc6Jd1Bf5Gs0Ua2Zk8Qr3Tn7Mv4LpQx8Kz';
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`;
    expect(redactSecret(pem, 'private-key.rsa')).toBe('RSA PRIVATE KEY MIIE…x8Kz');
  });

  it('keeps 4 characters at each end of a long secret', () => {
    expect(redactSecret(AWS_SECRET_KEY, 'aws.secret-access-key')).toBe('q8Zr…OyRe');
  });

  it('never reveals more than a third of a secret, nor more than 8 characters', () => {
    for (let length = 8; length <= 300; length++) {
      const secret = `${'x'.repeat(length - 2).padStart(length - 1, 'A')}Z`;
      const out = redactSecret(secret, RULE);
      expect(revealed(out), `length ${length}`).toBeLessThanOrEqual(Math.min(8, length / 3));
      expect(revealed(out), `length ${length}`).toBeGreaterThanOrEqual(2);
      expect(out.startsWith('A')).toBe(true);
      expect(out.endsWith('Z')).toBe(true);
    }
  });

  it('masks secrets shorter than 8 characters whole, without revealing their length', () => {
    for (const secret of ['', 'a', 'hunter2', 'p4ss']) expect(redactSecret(secret, RULE)).toBe(FULL_MASK);
  });

  it('shows AWS access key ids whole, by rule id or by shape', () => {
    expect(redactSecret(AWS_KEY_ID, 'aws.access-key-id')).toBe(AWS_KEY_ID);
    expect(redactSecret('ASIAY34FZKBOKMUTVV7A', 'some.other-rule')).toBe('ASIAY34FZKBOKMUTVV7A');
    expect(redactSecret('A3TXQYLPMN5HHHFPZAM2', 'generic.token')).toBe('A3TXQYLPMN5HHHFPZAM2');
    expect(redactSecret('not-an-id-but-aws-rule', 'aws.access-key-id.paired')).toBe('not-an-id-but-aws-rule');
    // Lower case, a wrong prefix or a digit outside base32 is not a key id.
    for (const s of ['akiaqylpmn5hhhfpzam2', 'AKIBQYLPMN5HHHFPZAM2', 'AKIAQYLPMN5HHHFPZAM1', `${AWS_KEY_ID}X`]) {
      expect(isAwsKeyId(s, RULE), s).toBe(false);
    }
  });

  it('never splits a surrogate pair', () => {
    // 20 code points (24 UTF-16 units): 3 kept at each end, each emoji whole.
    expect(redactSecret('🔑🔑abcdefghijklmnop🔒🔒', RULE)).toBe('🔑🔑a…p🔒🔒');
  });
});

describe('redactSnippet', () => {
  const hide = (secret: string) => [{ secret, replacement: redactSecret(secret, RULE) }];

  it('replaces every whole occurrence', () => {
    expect(redactSnippet(`a=${AWS_SECRET_KEY} b=${AWS_SECRET_KEY}`, hide(AWS_SECRET_KEY))).toBe('a=q8Zr…OyRe b=q8Zr…OyRe');
  });

  it('hides a secret cut off by the snippet trimming, at either end', () => {
    const long = `eyJ${'a1B2c3D4'.repeat(40)}Zz9`;
    expect(redactSnippet(`token="${long.slice(0, 150)}`, hide(long))).toBe('token="eyJa…4Zz9');
    expect(redactSnippet(`${long.slice(-150)}" # prod`, hide(long))).toBe('eyJa…4Zz9" # prod');
  });

  it('hides the line of a multi-line secret that the snippet holds', () => {
    const pem =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----';
    const out = redactSnippet('  b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', hide(pem));
    expect(out).toBe(`  ${redactSecret(pem, RULE)}`);
  });

  it('hides short secrets only where they occur whole', () => {
    expect(redactSnippet('user=hunt pass=hunter2', hide('hunter2'))).toBe(`user=hunt pass=${FULL_MASK}`);
  });

  it('merges overlapping secrets into one masked stretch', () => {
    const out = redactSnippet('k=ABCDEFGHIJKLMNOPQRST', [
      { secret: 'ABCDEFGHIJKL', replacement: '[1]' },
      { secret: 'IJKLMNOPQRST', replacement: '[2]' },
    ]);
    expect(out).toBe('k=[1]');
  });

  it('leaves a snippet without the secret alone', () => {
    expect(redactSnippet('nothing to see', hide(AWS_SECRET_KEY))).toBe('nothing to see');
  });
});

describe('presentFinding', () => {
  const keyId = FINDINGS[1];
  if (!keyId) throw new Error('fixture changed');

  it('returns the finding untouched with showSecrets', () => {
    expect(presentFinding(keyId, { showSecrets: true })).toBe(keyId);
  });

  it('masks a secret key that shares the line with the shown key id', () => {
    const out = presentFinding(keyId, { showSecrets: false }, [{ secret: AWS_SECRET_KEY, rule: 'aws.secret-access-key' }]);
    expect(out.secret).toBe(AWS_KEY_ID);
    expect(out.snippet).toBe(`AWS_ACCESS_KEY_ID=${AWS_KEY_ID} AWS_SECRET_ACCESS_KEY=q8Zr…OyRe`);
    expect(keyId.snippet).toContain(AWS_SECRET_KEY);
  });

  it('shows an intel value whole, except a secret found inside it', () => {
    const password = 'Zx8kQ2vLm4Pt9RwQ';
    const intel = {
      ...keyId,
      kind: 'intel' as const,
      rule: 'intel.private-registry',
      secret: `https://ci:${password}@pypi.acme.io/simple/`,
    };
    expect(presentFinding(intel, { showSecrets: false }).secret).toBe(intel.secret);
    const out = presentFinding(intel, { showSecrets: false }, [{ secret: password, rule: 'url.basic-auth' }]);
    expect(out.secret).toBe('https://ci:Zx…wQ@pypi.acme.io/simple/');
    expect(out.secret).not.toContain(password);
  });
});
