import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileRules, scanBlob } from '../../src/detect/matcher.js';
import { charsPerToken, looksMachineMade } from '../../src/detect/token-efficiency.js';
import { tokenRanks, writeTokenRanks } from '../../src/detect/token-ranks.js';
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

describe('token ranks file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'credsweep-ranks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const own = createRequire(import.meta.url)('gpt-tokenizer/bpeRanks/cl100k_base').default as unknown[];

  it("holds the package's own ranks, read back as they were", () => {
    const file = join(dir, 'ranks.json');
    writeTokenRanks(file);
    const ranks = tokenRanks(file);
    expect(ranks).not.toBe(own);
    expect(ranks).toEqual(own);
  });

  it("is not used when written from another version of the package, or damaged: the package's ranks are", () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ package: '0.0.1', ranks: ['a', 'b'] }));
    expect(tokenRanks(other)).toBe(own);
    const damaged = join(dir, 'damaged.json');
    writeFileSync(damaged, '{"package":');
    expect(tokenRanks(damaged)).toBe(own);
    expect(tokenRanks(join(dir, 'missing.json'))).toBe(own);
  });
});
