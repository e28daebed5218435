import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RuleError } from '../../src/errors.js';
import { loadBuiltinRules, loadRuleFiles } from '../../src/detect/rule-load.js';

const dir = mkdtempSync(join(tmpdir(), 'credsweep-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function writeRules(text: string): string {
  const file = join(dir, `rules-${++counter}.yaml`);
  writeFileSync(file, text);
  return file;
}

const GOOD = `rules:
  - id: acme.api-token
    name: Acme API token
    kind: secret
    severity: high
    keywords: [acme_]
    pattern: '\\b(acme_[0-9a-f]{32})\\b'
    secretGroup: 1
    examples: ['acme_0123456789abcdef0123456789abcdef']
`;

// Replaces one line of GOOD (matched by its start) to make a broken variant.
function variant(startsWith: string, replacement: string): string {
  return GOOD.split('\n')
    .map((line) => (line.trimStart().startsWith(startsWith) ? replacement : line))
    .join('\n');
}

function loadError(text: string): RuleError {
  const file = writeRules(text);
  try {
    loadRuleFiles([file]);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleError);
    const e = err as RuleError;
    expect(e.data.file).toBe(file);
    expect(e.message).toContain(file);
    return e;
  }
  throw new Error('expected a RuleError');
}

describe('loadRuleFiles', () => {
  it('loads a valid file with defaults filled in', () => {
    const [rule] = loadRuleFiles([writeRules(GOOD)]);
    expect(rule).toMatchObject({
      id: 'acme.api-token',
      confidence: 'high',
      allow: [],
      references: [],
      negativeExamples: [],
      secretGroup: 1,
    });
    expect(rule?.file).toContain('rules-');
  });

  it.each([
    ['an unknown key', variant('secretGroup', '    secretGroupp: 1'), 'secretGroupp', 8, /unknown key/],
    ['a missing key', variant('kind:', ''), 'kind', 2, /missing key/],
    ['a wrong type', variant('name:', '    name: [a, b]'), 'name', 3, /expected a string/],
    ['a bad severity', variant('severity', '    severity: severe'), 'severity', 5, /"severe" is not one of/],
    ['a bad id', variant('- id:', '  - id: Acme_Token'), 'id', 2, /must match/],
    ['a non-integer secretGroup', variant('secretGroup', '    secretGroup: 1.5'), 'secretGroup', 8, /integer/],
    ['a pattern RE2 rejects', variant('pattern', "    pattern: '(?<=x)acme_'"), 'pattern', 7, /does not compile under RE2/],
    ['a missing group', variant('secretGroup', '    secretGroup: 2'), 'secretGroup', 8, /pattern has 1/],
    ['an unknown validator', `${GOOD}    validate: luhn\n`, 'validate', 10, /unknown validator/],
    ['a bad allow regex', `${GOOD}    allow: ['(x']\n`, 'allow', 10, /does not compile/],
    ['keywords not a list', variant('keywords', '    keywords: acme_'), 'keywords', 6, /list of strings/],
  ])('rejects %s, naming file, line and key', (_what, text, key, line, message) => {
    const err = loadError(text);
    expect(err.code).toBe('RULE_INVALID');
    expect(err.data.key).toBe(key);
    expect(err.data.line).toBe(line);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(`:${line}:`);
  });

  it('names the rule and RE2 message for a bad pattern', () => {
    const err = loadError(variant('pattern', "    pattern: '(acme_'"));
    expect(err.data.rule).toBe('acme.api-token');
    expect(err.message).toMatch(/missing \)/);
  });

  it('takes one of gate or tokenLength on a content rule, tokenLength only without keywords', () => {
    const noKeywords = variant('keywords:', "    keywords: []\n    gate: 'x[0-9]+'");
    expect(() => loadRuleFiles([writeRules(noKeywords)])).not.toThrow();
    expect(() => loadRuleFiles([writeRules(variant('keywords:', "    keywords: [x]\n    gate: 'x[0-9]+'"))])).not.toThrow();
    expect(loadError(variant('keywords:', '    keywords: [x]\n    tokenLength: 40')).message).toMatch(/tokenLength only without keywords/);
    expect(loadError(variant('keywords:', '    keywords: []\n    tokenLength: 4')).message).toMatch(/from 8 to 1024/);
    expect(loadError(variant('keywords:', "    keywords: []\n    tokenLength: 40\n    gate: 'x'")).message).toMatch(/only one of them/);
    expect(loadError(variant('keywords:', "    keywords: []\n    gate: 'x('")).message).toMatch(/gate.*does not compile/);
  });

  it('keeps generic and entropy rules at medium severity or below unless a validator backs them', () => {
    const generic = variant('- id:', '  - id: generic.acme-token');
    expect(loadError(generic).message).toMatch(/generic\.acme-token.*severity.*at most medium/);
    expect(() => loadRuleFiles([writeRules(generic.replace('severity: high', 'severity: medium'))])).not.toThrow();
    expect(() => loadRuleFiles([writeRules(generic.replace('secretGroup: 1', 'secretGroup: 1\n    validate: jwt'))])).not.toThrow();
  });

  it('loads a filename rule without pattern, and rejects one that has both', () => {
    // Replacer functions: a `$'` in a replacement string means something to String.replace.
    const byName = GOOD.replace("    pattern: '\\b(acme_[0-9a-f]{32})\\b'\n    secretGroup: 1\n", () => "    filename: '\\.acme$'\n");
    const [rule] = loadRuleFiles([writeRules(byName)]);
    expect(rule).toMatchObject({ filename: '\\.acme$', pattern: '', secretGroup: 0 });
    const both = GOOD.replace('    secretGroup: 1\n', () => "    secretGroup: 1\n    filename: '\\.acme$'\n");
    expect(loadError(both).message).toMatch(/:7: .*pattern.*filename rule matches names only/);
    expect(loadError(byName.replace("'\\.acme$'", () => "'(acme'")).message).toMatch(/filename.*does not compile/);
  });

  it('rejects duplicate ids across files, naming the second', () => {
    const first = writeRules(GOOD);
    const second = writeRules(GOOD);
    try {
      loadRuleFiles([first, second]);
      expect.unreachable();
    } catch (err) {
      const e = err as RuleError;
      expect(e.code).toBe('RULE_INVALID');
      expect(e.data.file).toBe(second);
      expect(e.data.line).toBe(2);
      expect(e.message).toContain(`first defined in ${first}`);
    }
  });

  it('rejects YAML syntax errors and duplicate keys with their line', () => {
    // An unclosed flow list is reported where the parser gives up: the end of the file.
    expect(loadError('rules:\n  - id: [unclosed\n').data.line).toBe(3);
    const dup = loadError(`${GOOD}    name: again\n`);
    expect(dup.code).toBe('RULE_INVALID');
    expect(dup.message).toMatch(/YAML/);
    expect(dup.data.line).toBe(10);
  });

  it('rejects unknown top-level keys and a missing rules list', () => {
    expect(loadError(`${GOOD}extra: 1\n`).data.key).toBe('extra');
    expect(loadError('rules: nope\n').data.key).toBe('rules');
    expect(loadError('- just a list\n').code).toBe('RULE_INVALID');
  });

  it('shares lists through anchors and splices aliased lists into a list', () => {
    const text = `${GOOD}    allow: &common ['^x+$', 'EXAMPLE']
  - id: acme.other-token
    name: Other
    kind: intel
    severity: info
    keywords: []
    pattern: 'other_[a-z]+'
    secretGroup: 0
    allow: [*common, '^y$']
`;
    const [, other] = loadRuleFiles([writeRules(text)]);
    expect(other?.allow).toEqual(['^x+$', 'EXAMPLE', '^y$']);
  });

  it('loads every *.yaml and *.yml of a directory', () => {
    const sub = mkdtempSync(join(dir, 'dir-'));
    writeFileSync(join(sub, 'a.yaml'), GOOD);
    writeFileSync(join(sub, 'b.yml'), GOOD.replace('acme.api-token', 'acme.other'));
    writeFileSync(join(sub, 'notes.txt'), 'not rules');
    expect(loadRuleFiles([sub]).map((r) => r.id)).toEqual(['acme.api-token', 'acme.other']);
  });

  it('reports an unreadable file', () => {
    expect(() => loadRuleFiles([join(dir, 'missing.yaml')])).toThrow(expect.objectContaining({ code: 'RULE_FILE_UNREADABLE' }));
  });
});

describe('loadBuiltinRules', () => {
  it('finds detectors/ from the source tree and loads unique ids', () => {
    const rules = loadBuiltinRules();
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('aws.access-key-id');
    expect(rules.every((r) => r.file.endsWith('.yaml'))).toBe(true);
  });
});
