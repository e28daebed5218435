// The examples in detectors/*.yaml are the rules' unit tests: each one runs through the real
// matcher (keyword prefilter included) with the whole built-in rule set compiled together.
import { describe, expect, it } from 'vitest';
import { compileRules, matchFileName, scanBlob } from '../../src/detect/matcher.js';
import { checkRules } from '../../src/detect/rule-check.js';
import { loadBuiltinRules } from '../../src/detect/rule-load.js';

const rules = loadBuiltinRules();
const compiled = compileRules(rules);

function findAll(set: ReturnType<typeof compileRules>, text: string) {
  return scanBlob(set, Buffer.from(text, 'utf8'), 'all').matches;
}

// A filename rule's examples are file names.
function findOwn(ruleId: string, text: string) {
  const byName = rules.find((r) => r.id === ruleId)?.filename !== undefined;
  const matches = byName ? matchFileName(compiled, text, 'example') : scanBlob(compiled, Buffer.from(text, 'utf8'), 'example').matches;
  return matches.filter((m) => m.ruleId === ruleId);
}

// Multi-line examples (PEM blocks) would make unreadable test names: show the first line only.
function label(example: string, i: number): [string, string] {
  const first = example.split('\n')[0] ?? '';
  return [`${i + 1}: ${first.length > 60 ? `${first.slice(0, 60)}…` : first}`, example];
}

describe('built-in rules', () => {
  it('load and pass the rule checker', () => {
    expect(rules.length).toBeGreaterThan(30);
    expect(checkRules(rules)).toEqual([]);
    // The whole catalog (960 rules) compiled and every example run: minutes on a loaded machine.
  }, 600_000);

  it('each have two examples and a negative example', () => {
    const thin = rules.filter((r) => r.examples.length < 2 || r.negativeExamples.length < 1).map((r) => r.id);
    expect(thin).toEqual([]);
  });

  it('find the same matches all together as each rule alone (the pattern-set stage loses nothing)', () => {
    const text = rules
      .filter((r) => r.filename === undefined)
      .flatMap((r) => [...r.examples, ...r.negativeExamples])
      .join('\n');
    const key = (m: { ruleId: string; start: number; secret: string }) => `${m.ruleId}@${m.start}:${m.secret}`;
    // Catch-alls (analyzer and fallback rules) yield to other rules on the same bytes, so
    // together they find a subset of what they find alone; every other rule finds the same.
    const analyzed = new Set(rules.filter((r) => r.analyzer !== undefined || r.fallback).map((r) => r.id));
    const together = findAll(compiled, text).map((m) => [analyzed.has(m.ruleId), key(m)] as const);
    const alone = rules.flatMap((r) => findAll(compileRules([r]), text)).map((m) => [analyzed.has(m.ruleId), key(m)] as const);
    const exact = (list: typeof together) =>
      list
        .filter(([a]) => !a)
        .map(([, k]) => k)
        .sort();
    expect(together.length).toBeGreaterThan(rules.length);
    expect(exact(together)).toEqual(exact(alone));
    const aloneAnalyzed = new Set(alone.filter(([a]) => a).map(([, k]) => k));
    expect(together.filter(([a, k]) => a && !aloneAnalyzed.has(k))).toEqual([]);
    // Each rule compiled alone and run over every example: grows with the square of the catalog.
  }, 600_000);

  for (const rule of rules) {
    describe(rule.id, () => {
      it.each(rule.examples.map(label))('finds example %s', (_name, example) => {
        const own = findOwn(rule.id, example);
        expect(own.length).toBeGreaterThan(0);
        expect(own.some((m) => m.validation !== 'invalid')).toBe(true);
      });
      it.each(rule.negativeExamples.map(label))('ignores negative example %s', (_name, example) => {
        expect(findOwn(rule.id, example)).toEqual([]);
      });
    });
  }
});
