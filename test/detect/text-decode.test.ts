import { describe, expect, it } from 'vitest';
import { classifyText, decodeUtf16 } from '../../src/detect/text-decode.js';

const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

describe('classifyText', () => {
  it('treats text without NUL bytes as UTF-8, valid or not', () => {
    expect(classifyText(Buffer.from('plain ascii'))).toBe('utf8');
    expect(classifyText(Buffer.from([0xff, 0xfe - 1, 0xc3, 0x28]))).toBe('utf8');
    expect(classifyText(Buffer.alloc(0))).toBe('utf8');
  });

  it('detects UTF-16 by BOM', () => {
    expect(classifyText(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toBe('utf16le');
    expect(classifyText(Buffer.from([0xfe, 0xff, 0x00, 0x41]))).toBe('utf16be');
  });

  it('detects BOM-less UTF-16 by its NUL lane', () => {
    expect(classifyText(Buffer.from('password = hunter2\r\n', 'utf16le'))).toBe('utf16le');
    expect(classifyText(utf16be('password = hunter2\r\n'))).toBe('utf16be');
  });

  it('calls other NUL-bearing content binary', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(classifyText(png)).toBe('binary');
    expect(classifyText(Buffer.concat([Buffer.from('text then '), Buffer.alloc(4), Buffer.from('more')]))).toBe('binary');
    // 16-bit samples with small values have a NUL lane too, but their low bytes are not text.
    const samples = Buffer.alloc(4096);
    for (let i = 0; i < samples.length; i += 2) samples[i] = (i * 37) % 256;
    expect(classifyText(samples)).toBe('binary');
  });

  it('only looks at the first 8 KB', () => {
    const late = Buffer.concat([Buffer.alloc(9000, 0x61), Buffer.alloc(16)]);
    expect(classifyText(late)).toBe('utf8');
  });
});

describe('decodeUtf16', () => {
  it('re-encodes LE and BE as UTF-8 without the BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('clé=€', 'utf16le')]);
    expect(decodeUtf16(le, 'utf16le').toString('utf8')).toBe('clé=€');
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('clé=€')]);
    expect(decodeUtf16(be, 'utf16be').toString('utf8')).toBe('clé=€');
  });

  it('drops a trailing odd byte and replaces lone surrogates', () => {
    const odd = Buffer.concat([Buffer.from('ab', 'utf16le'), Buffer.from([0x41])]);
    expect(decodeUtf16(odd, 'utf16le').toString('utf8')).toBe('ab');
    const lone = Buffer.from([0x00, 0xd8, 0x41, 0x00]);
    expect(decodeUtf16(lone, 'utf16le').toString('utf8')).toBe('\ufffdA');
  });
});
