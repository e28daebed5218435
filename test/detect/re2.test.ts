import { describe, expect, it } from 'vitest';
import { compileByteRegex, compileByteRegexSet, escapeLiteral, RegexSyntaxError } from '../../src/detect/re2.js';

describe('compileByteRegex', () => {
  it('reports byte offsets of matches and groups on Buffer input', () => {
    // "é" is two bytes and "€" three, so byte and character offsets differ.
    const buf = Buffer.from('é€ key=AKIAABCDEFGHIJKLMNOP; key=AKIAQRSTUVWXYZ234567', 'utf8');
    const re = compileByteRegex('key=(AKIA[A-Z2-7]{16})');
    const found = re.findAll(buf);
    expect(found).toHaveLength(2);
    const [first, second] = found;
    expect(first?.start).toBe(buf.indexOf('key='));
    expect(first?.groups[1]).toEqual([buf.indexOf('AKIAABCD'), buf.indexOf('AKIAABCD') + 20]);
    expect(second?.groups[1]?.[0]).toBe(buf.indexOf('AKIAQRST'));
    const [from, to] = second?.groups[1] ?? [0, 0];
    expect(buf.toString('utf8', from, to)).toBe('AKIAQRSTUVWXYZ234567');
  });

  it('matches literals next to invalid UTF-8 bytes', () => {
    const buf = Buffer.concat([Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('token=abc'), Buffer.from([0x80, 0xfe])]);
    const found = compileByteRegex('token=([a-z]+)').findAll(buf);
    expect(found.map((m) => m.groups[1])).toEqual([[9, 12]]);
  });

  it('scans a sub-range with offsets relative to the whole buffer', () => {
    const buf = Buffer.from('abc abc abc');
    expect(
      compileByteRegex('abc')
        .findAll(buf, 4, 11)
        .map((m) => m.start),
    ).toEqual([4, 8]);
  });

  it('terminates on patterns that match the empty string', () => {
    expect(compileByteRegex('x*').findAll(Buffer.from('ab')).length).toBeGreaterThan(0);
  });

  it('counts capture groups and leaves non-participating groups undefined', () => {
    const re = compileByteRegex('(a)|(b)');
    expect(re.groupCount).toBe(2);
    expect(re.findAll(Buffer.from('b'))[0]?.groups).toEqual([[0, 1], undefined, [0, 1]]);
  });

  it('throws RegexSyntaxError with RE2 message for unsupported syntax', () => {
    expect(() => compileByteRegex('(?=lookahead)')).toThrow(RegexSyntaxError);
    expect(() => compileByteRegex('(unclosed')).toThrow(/missing \)/);
  });
});

describe('compileByteRegexSet', () => {
  it('tells which patterns occur, case-insensitively', () => {
    const set = compileByteRegexSet(['akia', 'ghp_', 'xoxb-'], true);
    expect(set.matching(Buffer.from('export KEY=AKIA... and GHP_ too'))).toEqual([0, 1]);
    expect(set.matching(Buffer.from('nothing here'))).toEqual([]);
  });

  it('handles an empty set', () => {
    expect(compileByteRegexSet([], true).matching(Buffer.from('x'))).toEqual([]);
  });
});

describe('escapeLiteral', () => {
  it('makes regex metacharacters literal', () => {
    const lit = 'a.b*c(d)[e]{f}|g^h$i\\j+k?l-m';
    expect(compileByteRegex(escapeLiteral(lit)).findAll(Buffer.from(`xx${lit}xx`))[0]?.start).toBe(2);
    expect(compileByteRegex(escapeLiteral('a.b')).findAll(Buffer.from('axb'))).toEqual([]);
  });
});
