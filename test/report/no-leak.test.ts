// Reports go to CI logs and tickets: no format may print a secret, or more than a third of it,
// unless --show-secrets was given. AWS access key ids are identifiers and always shown whole.
import { describe, expect, it } from 'vitest';
import { type FormatName, reporters } from '../../src/report/index.js';
import { AWS_KEY_ID, HIDDEN_SECRETS, INTEL_VALUES, OPTIONS, SCAN_RESULT } from './scan-result-fixture.js';

const FORMATS = Object.keys(reporters) as FormatName[];

/** Every piece of the secret longer than a third of it (the whole secret when it is short). */
function revealingPieces(secret: string): string[] {
  if (secret.length < 8) return [secret];
  const size = Math.floor(secret.length / 3) + 1;
  const pieces: string[] = [];
  for (let i = 0; i + size <= secret.length; i++) pieces.push(secret.slice(i, i + size));
  return pieces;
}

describe.each(FORMATS)('%s report', (format) => {
  it('reveals no more than a third of any secret', () => {
    const out = reporters[format](SCAN_RESULT, OPTIONS);
    for (const secret of HIDDEN_SECRETS) {
      for (const piece of revealingPieces(secret)) expect(out, `${secret} leaks as ${piece}`).not.toContain(piece);
    }
  });

  it('shows the AWS access key id whole', () => {
    expect(reporters[format](SCAN_RESULT, OPTIONS)).toContain(AWS_KEY_ID);
  });

  it('shows intelligence values whole: they grant nothing and must be read to be judged', () => {
    const out = reporters[format](SCAN_RESULT, OPTIONS);
    for (const value of INTEL_VALUES) expect(out).toContain(value);
  });

  it('prints every secret whole with showSecrets', () => {
    const out = reporters[format](SCAN_RESULT, { ...OPTIONS, showSecrets: true });
    for (const secret of HIDDEN_SECRETS) expect(out).toContain(secret);
  });
});
