import { describe, expect, it } from 'vitest';
import { gateLiterals, startsLine } from '../../src/detect/gate-literals.js';
import { loadBuiltinRules } from '../../src/detect/rule-load.js';

describe('gateLiterals', () => {
  it('reads the texts that start every match, lower-cased, without longer twins', () => {
    expect(gateLiterals('(?:Secret|token)["\']?\\s*=')).toMatchObject({ offset: 0, texts: ['token', 'secret'] });
    expect(gateLiterals('\\bapi[_-]?key')?.texts.sort()).toEqual(['api-key', 'api_key', 'apikey']);
    expect(gateLiterals('passw(?:or)?d')).toMatchObject({ offset: 0, texts: ['passwd', 'password'] });
    expect(gateLiterals('sk[0-9a-f]{8}')?.texts).toHaveLength(16);
  });

  it('skips a start of fixed width to reach a text', () => {
    expect(gateLiterals('[0-9a-f]{8}-us[0-9]')).toMatchObject({ offset: 8, texts: Array.from({ length: 10 }, (_, d) => `-us${d}`) });
  });

  it('tells which bytes may follow each text, or null where the match may end', () => {
    const bytes = (set: Uint8Array | undefined) => (set ? String.fromCharCode(...[...set.keys()].filter((b) => set[b])) : set);
    const token = gateLiterals('token["\']?\\s*(?:=|:)');
    expect(bytes(token?.follow(0)[0])).toBe('\t\n\v\f\r "\':=');
    // After `default` and one space: more spaces or the x.
    expect(bytes(gateLiterals('default\\s+x')?.follow(0)[0])).toBe('\t\n\v\f\r Xx');
    expect(bytes(gateLiterals('sk[0-9a-f]{2}')?.follow(0)[0])).toBe('0123456789ABCDEFabcdef');
    expect(gateLiterals('abc(?:d|)')?.follow(0)).toEqual([]);
    // A fixed run after the text: each of its bytes is known.
    const pat = gateLiterals('pat[a-z0-9]{14}\\.')?.follow(0) ?? [];
    expect(pat.map(bytes)).toEqual([...Array(14).fill('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'), '.']);
  });

  it('reads a multi-line gate, whose anchors match at line starts and ends', () => {
    expect(gateLiterals('(?m)^from[ \\t]+\\S')).toMatchObject({ offset: 0, texts: ['from\t', 'from '] });
    expect(startsLine('(?m)^from[ \\t]+\\S')).toBe(true);
    expect(startsLine('from[ \\t]+\\S')).toBe(false);
    // Other flags change what characters match: not read.
    expect(gateLiterals('(?s)from.x')).toBeNull();
  });

  it('stops where a width is unknown, and gives nothing for short or unknown syntax', () => {
    expect(gateLiterals('[^"]{8}-us[0-9]')).toBeNull(); // [^"] may be a multi-byte character
    expect(gateLiterals('ab[0-9]*')).toBeNull();
    expect(gateLiterals('(?i)secret')).toBeNull();
    expect(gateLiterals('\\p{Greek}secret')).toBeNull();
    expect(gateLiterals('clé=')).toBeNull();
    expect(gateLiterals('.{3}')).toBeNull();
  });

  it('leaves no built-in rule to an RE2 pass over every blob: each has keywords, a gate or a token length', () => {
    const content = loadBuiltinRules().filter((r) => r.filename === undefined);
    const bare = content.filter((r) => r.keywords.length === 0 && r.gate === undefined && r.tokenLength === undefined);
    expect(bare.map((r) => r.id)).toEqual([]);
  });

  it('finds texts for every gate of the built-in catalog (none needs an RE2 pass of its own)', () => {
    const missing = loadBuiltinRules().filter((r) => r.gate !== undefined && gateLiterals(r.gate) === null);
    expect(missing.map((r) => r.id)).toEqual([]);
  });
});
