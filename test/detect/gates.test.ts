// A gate must match wherever its rule's pattern does, or the rule silently stops finding
// secrets. rules check proves it on each rule's examples; this proves it on the recall corpus
// (every planted secret of every family, in realistic files) as well.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileByteRegex, compileByteRegexSet } from '../../src/detect/re2.js';
import { loadBuiltinRules } from '../../src/detect/rule-load.js';

const CORPUS = join(import.meta.dirname, '../fixtures/recall');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('rule gates', () => {
  const gated = loadBuiltinRules().filter((r) => r.gate !== undefined);
  const texts = [...files(CORPUS).map((f) => readFileSync(f)), ...gated.flatMap((r) => r.examples.map((e) => Buffer.from(e, 'utf8')))];

  it('exist on the rules whose words are in most files', () => {
    expect(gated.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'generic.token',
        'entropy.high-entropy-assignment',
        'url.basic-auth',
        'intel.private-ip',
        'intel.docker-base-image',
      ]),
    );
  });

  it.each(gated.map((r) => [r.id, r] as const))('%s: the gate matches wherever the pattern does', (_id, rule) => {
    const pattern = compileByteRegex(rule.pattern);
    // As the prefilter runs it: case-insensitively, inside a set.
    const gate = compileByteRegexSet([`(?:${rule.gate})`], true);
    for (const text of texts) {
      if (pattern.test(text)) expect(gate.matching(text), `${rule.id} on ${text.toString('utf8', 0, 120)}`).toEqual([0]);
    }
  });
});
