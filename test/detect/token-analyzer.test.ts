import { describe, expect, it } from 'vitest';
import { analyzeToken, classifyAlphabet } from '../../src/detect/token-analyzer.js';

describe('classifyAlphabet', () => {
  it('names the narrowest alphabet', () => {
    expect(classifyAlphabet('9f86d081884c7d659a2f')).toBe('hex');
    expect(classifyAlphabet('9F86D081884C7D659A2F')).toBe('hex');
    expect(classifyAlphabet('q8Xr2LmN7vTz4KpW')).toBe('base62');
    expect(classifyAlphabet('q8Xr2L+N7v/z4KpW==')).toBe('base64');
    expect(classifyAlphabet('q8Xr2L-N7v_z4KpW')).toBe('base64url');
    expect(classifyAlphabet('q8Xr.2LmN~7vTz')).toBe('mixed');
  });
});

describe('analyzeToken', () => {
  it('keeps generated tokens: long mixed-case base62/base64 at medium, the rest at low', () => {
    expect(analyzeToken('q8Xr2LmN7vTz4KpW9sBc1HdJ')).toBe('medium');
    expect(analyzeToken('Zk3mV9qLx2Rt7Wp4Ns8Bc6Hd1Jf5Gy0+/w==')).toBe('medium');
    expect(analyzeToken('hV7nQ2zK9xR4tW8m')).toBe('low'); // short
    expect(analyzeToken('k29xq84mz0vbt72lw5nc')).toBe('low'); // two character classes
  });

  it('keeps hex keys, but never above low (an API key and an MD5 digest look the same)', () => {
    expect(analyzeToken('9f86d081884c7d659a2feaa0c55ad015')).toBe('low');
    expect(analyzeToken('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b')).toBe('low');
  });

  it.each([
    ['a UUID', '550e8400-e29b-41d4-a716-446655440000'],
    ['a lock-file integrity hash', 'sha512-z4PhNX7vuL3xVChQ1m2AB9Yg3AULVxXcg=='],
    ['an SRI hash', 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K'],
    ['a data URI', 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB'],
    ['a version', '1.22.33-beta.4+build.5678'],
    ['a timestamp', '20240101123000123456'],
    ['member access in minified code', 'e.options.credentials'],
    ['an env var name', 'CONFIG_ACCESS_KEY_NAME'],
    ['kebab-case words', 'my-service-account-private-key'],
    ['a type name', 'URLPatternComponentResult'],
    ['a camelCase name with a number', 'applicationDefaultCredentials2'],
    ['an identifier with a version in it', 'SignatureV4SignWithCredentials'],
    ['a path', './certs/client-key.pem'],
    ['a mask', 'xxxxxxxxxxxxxxxxxxxxxxxx'],
    ['a placeholder', 'your_api_key_goes_in_here'],
    ['a counting sequence', 'abcdefghijklmnopqrstuvwx'],
    ['low entropy', 'aabbaabbaabbaabb1122'],
    ['a short value', 'q8Xr2LmN7vTz'],
  ])('drops %s', (_name, value) => {
    expect(analyzeToken(value)).toBeNull();
  });
});
