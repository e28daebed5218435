import { describe, expect, it } from 'vitest';
import { compileRules, scanBlob } from '../../src/detect/matcher.js';
import { charsPerToken, looksMachineMade } from '../../src/detect/token-efficiency.js';
import { makeRule } from './make-rule.js';

describe('token efficiency', () => {
  it('tells identifiers and words from machine-made values of the same entropy', () => {
    for (const words of ['DomRendererFactory2', 'SignatureV4SignWithCredentials', 'ConvertTo-SecureString', 'crypticpassword']) {
      expect(looksMachineMade(words), words).toBe(false);
    }
    for (const random of ['q8Xr2LmN7vTz4KpW9sBc1HdJ', 'Tr0ub4dor&3x', 'f3a9c2e7b1d84f6a9e0c5b7d2a1f8e3c', 'hV7nQ2zK9xR4tW8m']) {
      expect(looksMachineMade(random), random).toBe(true);
    }
  });

  it('reads special-token text as plain text', () => {
    expect(charsPerToken('a<|endoftext|>b')).toBeGreaterThan(0);
  });

  it('filters the generic and entropy families only', () => {
    const generic = makeRule({ id: 'generic.token', pattern: 'token = "([^"]+)"', secretGroup: 1, fallback: true, severity: 'medium' });
    const vendor = makeRule({ id: 'acme.token', pattern: 'acme = "([^"]+)"', secretGroup: 1 });
    const scan = (text: string) => scanBlob(compileRules([generic, vendor]), Buffer.from(text), 'b').matches.map((m) => m.ruleId);
    expect(scan('token = "DomRendererFactory2"')).toEqual([]);
    expect(scan('token = "q8Xr2LmN7vTz4KpW9sBc1HdJ"')).toEqual(['generic.token']);
    expect(scan('acme = "DomRendererFactory2"')).toEqual(['acme.token']);
  });
});
