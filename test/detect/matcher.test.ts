import { describe, expect, it } from 'vitest';
import { compileRules, scanBlob } from '../../src/detect/matcher.js';
import { loadBuiltinRules } from '../../src/detect/rule-load.js';
import { RuleError } from '../../src/errors.js';
import { fakeAwsKeyId, makeRule } from './make-rule.js';

const builtin = compileRules(loadBuiltinRules());
const KEY = fakeAwsKeyId(1);
const KEY2 = fakeAwsKeyId(2);
const utf8 = (text: string) => Buffer.from(text, 'utf8');

function scanText(text: string | Buffer, compiled = builtin) {
  return scanBlob(compiled, typeof text === 'string' ? utf8(text) : text, 'blob-1');
}

describe('scanBlob basics', () => {
  it('returns a match with secret, offsets, line, column and snippet', () => {
    const text = `# config\nregion = eu-west-1\naws_access_key_id = ${KEY}\n`;
    const { matches, suppressed, binary } = scanText(text);
    expect(binary).toBe(false);
    expect(suppressed).toBe(0);
    expect(matches).toHaveLength(1);
    const [m] = matches;
    expect(m).toMatchObject({
      ruleId: 'aws.access-key-id',
      blobId: 'blob-1',
      secret: KEY,
      start: text.indexOf(KEY),
      end: text.indexOf(KEY) + 20,
      line: 3,
      column: 21,
      confidence: 'high',
      validation: 'valid',
      snippet: `aws_access_key_id = ${KEY}`,
    });
    expect(m?.entropy).toBeGreaterThan(3);
  });

  it('counts columns in characters and offsets in bytes', () => {
    const text = `ключ: "€€" ${KEY}`;
    const [m] = scanText(text).matches;
    expect(m?.column).toBe(text.indexOf(KEY) + 1);
    expect(m?.start).toBe(Buffer.byteLength(text.slice(0, text.indexOf(KEY))));
  });

  it('orders matches by offset and finds several per blob and line', () => {
    const { matches } = scanText(`${KEY2} ${KEY}\n\n${KEY2}`);
    expect(matches.map((m) => [m.secret, m.line, m.column])).toEqual([
      [KEY2, 1, 1],
      [KEY, 1, 22],
      [KEY2, 3, 1],
    ]);
  });

  it('handles CRLF line endings', () => {
    const [m] = scanText(`a\r\nb\r\nkey=${KEY}\r\n`).matches;
    expect([m?.line, m?.column, m?.snippet]).toEqual([3, 5, `key=${KEY}`]);
  });

  it('does not report AWS documentation example keys', () => {
    const docs = [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'AWS_SECRET_ACCESS_KEY=je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
    ].join('\n');
    expect(scanText(docs).matches).toEqual([]);
  });

  it('lowers confidence when a validator fails but keeps the match', () => {
    const token = 'ghp_RHd6CL7raVcRMCtYeLW1wzMJZTd2Qz2R5Ymx'; // last char changed: bad CRC
    const [m] = scanText(`token ${token}`).matches.filter((x) => x.ruleId === 'github.personal-access-token');
    expect(m).toMatchObject({ secret: token, confidence: 'low', validation: 'invalid' });
  });

  it('keeps unchecked validation and the rule confidence without a validator', () => {
    const [m] = scanText('db_password = "Tr0ub4dor&3x"').matches;
    expect(m).toMatchObject({ ruleId: 'generic.password', confidence: 'medium', validation: 'unchecked' });
  });
});

describe('scanBlob pipeline steps', () => {
  const rules = compileRules([
    makeRule({ id: 'test.kv', keywords: ['key='], pattern: 'key=([A-Za-z0-9]+)', secretGroup: 1, minEntropy: 2 }),
    makeRule({ id: 'test.always', pattern: 'ALWAYS[0-9]+' }),
    makeRule({ id: 'test.allow', keywords: ['tok_'], pattern: 'tok_[a-z0-9]+', allow: ['^tok_example', 'dummy'] }),
    makeRule({ id: 'test.optional-group', keywords: ['opt'], pattern: 'opt(?:=([a-z]+))?', secretGroup: 1 }),
  ]);

  it('reports the secret group, not the whole match', () => {
    const [m] = scanText('key=Abc123xyz', rules).matches;
    expect(m).toMatchObject({ secret: 'Abc123xyz', start: 4, column: 5 });
  });

  it('drops secrets under minEntropy', () => {
    expect(scanText('key=aaaaaaaa', rules).matches).toEqual([]);
  });

  it('drops secrets matching an allow regex', () => {
    expect(scanText('tok_example1 tok_dummy9', rules).matches).toEqual([]);
    expect(scanText('tok_real42', rules).matches.map((m) => m.secret)).toEqual(['tok_real42']);
  });

  it('runs rules without keywords on every blob', () => {
    expect(scanText('xx ALWAYS42 xx', rules).matches.map((m) => m.ruleId)).toEqual(['test.always']);
  });

  it('skips matches whose secret group did not take part', () => {
    expect(scanText('opt alone', rules).matches).toEqual([]);
    expect(scanText('opt=value', rules).matches.map((m) => m.secret)).toEqual(['value']);
  });

  it('needs a keyword: a rule whose keyword is absent never runs', () => {
    const strict = compileRules([makeRule({ id: 'test.kw', keywords: ['zzz'], pattern: 'secret-[0-9]+' })]);
    expect(scanText('secret-123', strict).matches).toEqual([]);
    expect(scanText('secret-123 zzz', strict).matches).toHaveLength(1);
    expect(scanText('secret-123 ZZZ', strict).matches).toHaveLength(1);
  });

  it('dedupes identical (rule, start) matches', () => {
    // The same secret start reached through two alternatives is reported once.
    const dup = compileRules([makeRule({ id: 'test.dup', pattern: '(?:a(x+)|b)', secretGroup: 1 })]);
    expect(scanText('axx', dup).matches).toHaveLength(1);
    expect(scanText('axx axx', dup).matches).toHaveLength(2);
  });
});

describe('inline suppression', () => {
  it.each(['credsweep:allow', 'gitleaks:allow', 'trufflehog:ignore', 'pragma: allowlist secret'])(
    'drops matches on a line marked %s and counts them',
    (marker) => {
      const text = `aws_access_key_id = ${KEY} # ${marker}\nother = ${KEY2}\n`;
      const { matches, suppressed } = scanText(text);
      expect(suppressed).toBe(1);
      expect(matches.map((m) => m.secret)).toEqual([KEY2]);
    },
  );

  it('counts every suppressed match of the line', () => {
    expect(scanText(`${KEY} ${KEY2} // credsweep:allow`).suppressed).toBe(2);
  });

  it('looks at every line the match spans', () => {
    const rules = compileRules([makeRule({ id: 'test.two-line', pattern: 'user:[^\\n]*\\n\\s*(pw-[0-9]+)', secretGroup: 1 })]);
    const { matches, suppressed } = scanText('user: # credsweep:allow\n  pw-123\n', rules);
    expect([matches.length, suppressed]).toEqual([0, 1]);
  });
});

describe('encodings and binary data', () => {
  it('skips binary blobs', () => {
    const bin = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]), utf8(`key ${KEY}`)]);
    expect(scanText(bin)).toEqual({ matches: [], suppressed: 0, binary: true });
  });

  it('finds a secret in a UTF-16 LE file (with BOM), offsets in the UTF-8 re-encoding', () => {
    const text = `# é\r\naws_access_key_id = ${KEY}\r\n`;
    const data = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const [m] = scanText(data).matches;
    expect(m).toMatchObject({ secret: KEY, line: 2, column: 21 });
    expect(m?.start).toBe(Buffer.byteLength(text.slice(0, text.indexOf(KEY))));
  });

  it('finds a secret in a UTF-16 BE file without BOM', () => {
    const data = Buffer.from(`x = 1\naws_access_key_id = ${KEY}\n`, 'utf16le').swap16();
    const [m] = scanText(data).matches;
    expect(m).toMatchObject({ secret: KEY, line: 2, column: 21 });
  });

  it('finds a secret between invalid UTF-8 bytes', () => {
    const data = Buffer.concat([
      Buffer.from([0xfe, 0xc3, 0xff]),
      utf8(' junk \xe9 '),
      Buffer.from([0x80, 0xbf, 0xe2, 0x82]),
      utf8(`key=${KEY}`),
      Buffer.from([0xc0, 0xc1, 0xf5]),
      utf8('\nnext line'),
    ]);
    const [m] = scanText(data).matches;
    expect(m?.secret).toBe(KEY);
    expect(m?.start).toBe(data.indexOf(KEY));
    expect(m?.line).toBe(1);
    expect(m?.snippet).toContain(`key=${KEY}`);
    expect(m?.snippet).toContain('\ufffd');
  });
});

describe('huge inputs', () => {
  it('finds a secret near the end of a 50 MB single-line file', () => {
    const size = 50 * 1024 * 1024;
    const data = Buffer.alloc(size, 'a;b=c,d.e(f) ');
    const tail = utf8(` aws_access_key_id="${KEY}" ;`);
    tail.copy(data, size - tail.length - 100);
    const { matches } = scanText(data);
    expect(matches).toHaveLength(1);
    const [m] = matches;
    expect(m).toMatchObject({ secret: KEY, line: 1, start: data.indexOf(KEY), column: data.indexOf(KEY) + 1 });
    expect(m?.snippet.length).toBeLessThanOrEqual(200);
    expect(m?.snippet).toContain(KEY);
  });

  it('handles many matches on one long line', () => {
    const parts: string[] = [];
    for (let i = 0; i < 2000; i++) parts.push(`${'x'.repeat(500)} ${fakeAwsKeyId(i + 10)} `);
    const line = parts.join('');
    const { matches } = scanText(line);
    expect(matches).toHaveLength(2000);
    expect(matches[1999]?.column).toBe(line.lastIndexOf(fakeAwsKeyId(2009)) + 1);
  });
});

describe('compileRules', () => {
  it.each([
    ['a pattern RE2 rejects', makeRule({ id: 'bad.pattern', pattern: '(?=x)' }), /does not compile under RE2/],
    ['an allow regex RE2 rejects', makeRule({ id: 'bad.allow', pattern: 'x', allow: ['('] }), /allow pattern/],
    ['a missing secret group', makeRule({ id: 'bad.group', pattern: '(x)', secretGroup: 2 }), /secretGroup 2/],
    ['an unknown validator', makeRule({ id: 'bad.validator', pattern: 'x', validate: 'nope' }), /unknown validator/],
  ])('rejects %s with RULE_INVALID', (_what, rule, message) => {
    expect(() => compileRules([rule])).toThrow(RuleError);
    expect(() => compileRules([rule])).toThrow(message);
  });

  it('rejects duplicate ids', () => {
    const rule = makeRule({ id: 'dup.rule', pattern: 'x' });
    expect(() => compileRules([rule, rule])).toThrow(/duplicate/);
  });

  it('is reusable across blobs', () => {
    const rules = compileRules([makeRule({ id: 'test.n', keywords: ['n='], pattern: 'n=([0-9]+)', secretGroup: 1 })]);
    for (let i = 0; i < 3; i++) expect(scanText(`n=${i}`, rules).matches[0]?.secret).toBe(String(i));
  });
});

describe('analyzer rules', () => {
  const entropy = makeRule({
    id: 'entropy.x',
    pattern: '(?i)key\\s*=\\s*"([A-Za-z0-9]{16,64})"',
    secretGroup: 1,
    analyzer: 'high-entropy-token',
    confidence: 'low',
  });
  const vendor = makeRule({ id: 'vendor.x', pattern: '\\b(vnd_[A-Za-z0-9]{20})\\b', secretGroup: 1 });

  it('lets the analyzer drop a value and set the tier of one it keeps', () => {
    const compiled = compileRules([entropy]);
    const scan = (text: string) => scanBlob(compiled, Buffer.from(text), 'b').matches;
    expect(scan('key = "NoSubstitutionTemplateLiteral"')).toHaveLength(0);
    expect(scan('key = "abcdefghijklmnopqrstuvwx"')).toHaveLength(0);
    expect(scan('key = "q8Xr2LmN7vTz4KpW9sBc1HdJ"').map((m) => m.confidence)).toEqual(['medium']);
  });

  it('yields to a rule that knows the format on the same bytes', () => {
    const compiled = compileRules([entropy, makeRule({ ...vendor, pattern: '"([A-Za-z0-9]{24})"' })]);
    const matches = scanBlob(compiled, Buffer.from('key = "q8Xr2LmN7vTz4KpW9sBc1HdJ"'), 'b').matches;
    expect(matches.map((m) => m.ruleId)).toEqual(['vendor.x']);
  });

  it('orders catch-alls: a vendor rule beats a fallback rule, which beats an analyzer rule', () => {
    const fallback = makeRule({ id: 'generic.x', pattern: 'key\\s*=\\s*"([A-Za-z0-9_]{16,64})"', secretGroup: 1, fallback: true });
    const text = 'key = "q8Xr2LmN7vTz4KpW9sBc1HdJ"';
    const scan = (rules: Parameters<typeof compileRules>[0]) =>
      scanBlob(compileRules(rules), Buffer.from(text), 'b').matches.map((m) => m.ruleId);
    expect(scan([entropy, fallback])).toEqual(['generic.x']);
    expect(scan([entropy, fallback, makeRule({ ...vendor, pattern: '"([A-Za-z0-9]{24})"' })])).toEqual(['vendor.x']);
  });

  it('puts a structured catch-all (kubeconfig user token) before the generic family on the same bytes', () => {
    const generic = makeRule({ id: 'generic.x', pattern: 'token:\\s*([A-Za-z0-9]{16,64})', secretGroup: 1, fallback: true });
    const structured = makeRule({ id: 'kubernetes.x', pattern: 'user:\\s*token:\\s*([A-Za-z0-9]{16,64})', secretGroup: 1, fallback: true });
    const matches = scanBlob(compileRules([generic, structured]), Buffer.from('user: token: q8Xr2LmN7vTz4KpW9sBc1HdJ'), 'b').matches;
    expect(matches.map((m) => m.ruleId)).toEqual(['kubernetes.x']);
  });
});

describe('scanBlob with a tokenLength rule', () => {
  const compiled = compileRules([
    makeRule({ id: 'test.word8', tokenLength: 8, pattern: '(?:^|[^A-Za-z0-9])([A-Za-z0-9]{8})(?:[^A-Za-z0-9]|$)', secretGroup: 1 }),
  ]);
  const found = (text: string) => scanBlob(compiled, Buffer.from(text, 'utf8'), 'b').matches.map((m) => [m.secret, m.start]);

  it('finds the words at the start, middle and end of a blob, with their offsets', () => {
    expect(found('Abcd1234 x Efgh5678,zz Ijkl9012')).toEqual([
      ['Abcd1234', 0],
      ['Efgh5678', 11],
      ['Ijkl9012', 23],
    ]);
  });

  it('finds nothing in longer or shorter words', () => {
    expect(found('Abcd12345 Abc1234 Abcd1234Abcd1234')).toEqual([]);
  });
});
