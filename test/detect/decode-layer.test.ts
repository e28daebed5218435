import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanBlobDecoded } from '../../src/detect/decode-layer.js';
import { findEncodedRuns, findEncodedRunsCapped, MAX_DECODED_RUNS } from '../../src/detect/encoded-runs.js';
import { compileRules, scanBlob } from '../../src/detect/matcher.js';
import { loadBuiltinRules } from '../../src/detect/rule-load.js';

const builtin = compileRules(loadBuiltinRules());
// Made-up token, assembled so this file does not itself look like a leak.
const GH_TOKEN = ['ghp', '_', 'L5kJ8hG2fD6sA0pO4iU8yT2rE6wQ0zX4cV8b'].join('');

// A made-up PEM: a body of hash bytes in base64, the shape of a key and nothing more.
function fakePem(): string {
  let body = '';
  for (let i = 0; body.length < 800; i++) body += createHash('sha512').update(`credsweep-fake-pem-${i}`).digest('base64');
  const lines = body.slice(0, 800).match(/.{1,64}/g) ?? [];
  return `-----BEGIN RSA PRIVATE KEY-----\n${lines.join('\n')}\n-----END RSA PRIVATE KEY-----\n`;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const scan = (text: string, depth = 2) => scanBlobDecoded(builtin, Buffer.from(text), 'blob-1', depth);

describe('findEncodedRuns', () => {
  it('finds every base64 run among words of every length, wherever the windows fall', () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const letters = 'abcdefghijklmnopqrstuvwxyz_/+-';
    for (let round = 0; round < 300; round++) {
      let text = '';
      const expected: number[] = [];
      for (let piece = rand(30); piece > 0; piece--) {
        if (rand(4) === 0) {
          let plain = '';
          for (let c = 18 + rand(40); c > 0; c--) plain += String.fromCharCode(0x20 + rand(95));
          const run = b64(plain).replace(/=+$/, '');
          if (/[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run) && !/^[0-9a-fA-F]+$/.test(run)) expected.push(text.length);
          text += run;
        } else {
          for (let c = 1 + rand(30); c > 0; c--) text += letters[rand(letters.length)];
        }
        text += ' \n"'[rand(3)];
      }
      expect(
        findEncodedRuns(Buffer.from(text)).map((r) => r.start),
        text,
      ).toEqual(expected);
    }
  });

  it('decodes standard and URL-safe base64, hex and percent runs that read as text', () => {
    const text = `a=${b64(`token ${GH_TOKEN}`)} b=${Buffer.from(`token ${GH_TOKEN}`).toString('base64url')} c=${Buffer.from(GH_TOKEN).toString('hex')} d=x%3Dghp%5F1%20y`;
    const runs = findEncodedRuns(Buffer.from(text));
    expect(runs.map((r) => [r.encoding, r.decoded.toString()])).toEqual([
      ['base64', `token ${GH_TOKEN}`],
      ['base64', `token ${GH_TOKEN}`],
      ['hex', GH_TOKEN],
      ['percent', 'd=x=ghp_1 y'],
    ]);
  });

  it('decodes a percent run whole when format directives come before its escapes', () => {
    const text = 'printf("%d rows"); fetch(next=%s&q=a%3Db%26c%3Dd)';
    expect(findEncodedRuns(Buffer.from(text)).map((r) => [r.encoding, r.start, r.decoded.toString()])).toEqual([
      ['percent', text.indexOf('fetch'), 'fetch(next=%s&q=a=b&c=d)'],
    ]);
  });

  it('leaves base64-shaped words that decode to noise, and short runs', () => {
    const text = 'AbstractSingletonProxyFactoryBeanProvider short=abcd sha=0123456789abcdef0123456789abcdef01234567';
    expect(findEncodedRuns(Buffer.from(text))).toEqual([]);
  });
});

describe('scanBlobDecoded', () => {
  it('finds a base64 PEM as a private key, placed at the encoded value, saying how it was decoded', () => {
    const text = `# deploy\nTLS_KEY=${b64(fakePem())}\n`;
    expect(scanBlob(builtin, Buffer.from(text), 'blob-1').matches.some((m) => m.ruleId.startsWith('privatekey.'))).toBe(false);
    const { matches } = scan(text);
    const key = matches.find((m) => m.ruleId === 'privatekey.pem');
    expect(key).toMatchObject({ decoded: 'base64', line: 2, column: 9, start: text.indexOf('=') + 1 });
    expect(key?.secret.startsWith('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
  });

  it('reports a Kubernetes Secret data value by what it decodes to, instead of the manifest rule', () => {
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ntype: Opaque\ndata:\n  tls.key: ${b64(fakePem())}\n`;
    const plain = scanBlob(builtin, Buffer.from(text), 'blob-1').matches.map((m) => m.ruleId);
    expect(plain).toContain('kubernetes.secret-manifest');
    const ids = scan(text).matches.map((m) => m.ruleId);
    expect(ids).toContain('privatekey.pem');
    expect(ids).not.toContain('kubernetes.secret-manifest');
  });

  it('undoes two layers by default and no more than asked', () => {
    const twice = `blob: ${b64(`inner=${Buffer.from(`token ${GH_TOKEN}`).toString('hex')}`)}\n`;
    expect(scan(twice).matches.find((m) => m.secret === GH_TOKEN)?.decoded).toBe('base64 > hex');
    expect(scan(twice, 1).matches.some((m) => m.secret === GH_TOKEN)).toBe(false);
    expect(scan(`v=${b64(`token ${GH_TOKEN}`)}`, 0).matches.some((m) => m.secret === GH_TOKEN)).toBe(false);
  });

  it('keeps what was found in clear as it was', () => {
    const { matches } = scan(`GITHUB_TOKEN=${GH_TOKEN}\n`);
    expect(matches.find((m) => m.secret === GH_TOKEN)?.decoded).toBeUndefined();
    // In a URL whose query is percent-encoded elsewhere, the token is still a clear finding.
    const url = scan(`https://ci.example.com/hook?token=${GH_TOKEN}&note=deploy%20of%20main%21\n`).matches.filter(
      (m) => m.secret === GH_TOKEN,
    );
    expect(url).toHaveLength(1);
    expect(url[0]?.decoded).toBeUndefined();
  });

  it('keeps the "not code" mark of a bundle whose decoding found something, and leaves a tags file undecoded', () => {
    // A bundle is classified when a catch-all matched in it: here the generic password rule.
    const bundle = scan(`!function(){var password = "Tr0ub4dor&3x",t="${b64(`token ${GH_TOKEN}`)}";${'var a=1;'.repeat(800)}}();`);
    expect(bundle.notCode).toBe('minified');
    expect(bundle.matches.find((m) => m.secret === GH_TOKEN)?.decoded).toBe('base64');
    const tags = scan(`!_TAG_FILE_FORMAT\t2\t//\nx\tsrc/a.c\t/^t = "${b64(`token ${GH_TOKEN}`)}"$/;"\n`);
    expect(tags).toEqual({ matches: [], suppressed: 0, binary: false, notCode: 'tags' });
  });
});

describe('the cap on decoded runs per blob', () => {
  // Hex runs that decode to text, one per line.
  const hexLines = (n: number) =>
    Array.from({ length: n }, (_, i) => `v${i}=${Buffer.from(`made-up value ${String(i).padStart(5, '0')}`).toString('hex')}`).join('\n');

  it('decodes up to MAX_DECODED_RUNS runs and says when a blob held more', () => {
    expect(findEncodedRunsCapped(Buffer.from(hexLines(MAX_DECODED_RUNS)))).toMatchObject({ capped: false });
    const over = findEncodedRunsCapped(Buffer.from(hexLines(MAX_DECODED_RUNS + 1)));
    expect(over.capped).toBe(true);
    expect(over.runs).toHaveLength(MAX_DECODED_RUNS);
    expect(scan(hexLines(MAX_DECODED_RUNS)).decodeCapped).toBeUndefined();
    expect(scan(hexLines(MAX_DECODED_RUNS + 1)).decodeCapped).toBe(true);
  });

  it('still finds what the runs under the cap hide, and what is in clear past it', () => {
    const text = `TLS_KEY=${b64(fakePem())}\n${hexLines(MAX_DECODED_RUNS + 1)}\ntoken ${GH_TOKEN}\n`;
    const result = scan(text);
    expect(result.decodeCapped).toBe(true);
    expect(result.matches.find((m) => m.ruleId === 'privatekey.pem')).toMatchObject({ decoded: 'base64', line: 1 });
    expect(result.matches.some((m) => m.secret === GH_TOKEN && m.decoded === undefined)).toBe(true);
  });
});
