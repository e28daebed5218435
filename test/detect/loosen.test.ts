import { describe, expect, it } from 'vitest';
import { loosenCounts } from '../../src/detect/loosen.js';
import { compileByteRegex } from '../../src/detect/re2.js';
import { loadBuiltinRules } from '../../src/detect/rule-load.js';

describe('loosenCounts', () => {
  it('caps counts above the cap and keeps small ones', () => {
    expect(loosenCounts('a{20,1000}b{3}c{2,5}d{40}e{17,}', 16)).toBe('a{16,}b{3}c{2,5}d{16,}e{16,}');
    expect(loosenCounts('x{0,600}?', 16)).toBe('x{0,}?');
  });

  it('leaves braces inside classes, escapes and \\x{...} alone', () => {
    expect(loosenCounts('[{]{20}', 16)).toBe('[{]{16,}');
    expect(loosenCounts('[]{50}]', 16)).toBe('[]{50}]');
    expect(loosenCounts('\\{50}', 16)).toBe('\\{50}');
    expect(loosenCounts('\\x{41}{30}', 16)).toBe('\\x{41}{16,}');
    expect(loosenCounts('[[:alpha:]]{30}', 16)).toBe('[[:alpha:]]{16,}');
    expect(loosenCounts('\\Q{99}\\E{40}', 16)).toBe('\\Q{99}\\E{16,}');
  });

  it('turns every built-in pattern into one that compiles and still finds every example', () => {
    for (const rule of loadBuiltinRules()) {
      if (rule.filename !== undefined) continue;
      const loose = compileByteRegex(loosenCounts(rule.pattern));
      const strict = compileByteRegex(rule.pattern);
      for (const example of rule.examples) {
        const text = Buffer.from(example, 'utf8');
        if (strict.test(text)) expect(loose.test(text), `${rule.id}: ${example}`).toBe(true);
      }
    }
  });
});
