import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileRules, scanBlob } from '../../src/detect/matcher.js';
import { charsPerToken, countTokens, looksMachineMade } from '../../src/detect/token-efficiency.js';
import { loadTokenTable, writeTokenTable } from '../../src/detect/token-table.js';
import { makeRule } from './make-rule.js';

describe('token efficiency', () => {
  it('tells identifiers and words from machine-made values of the same entropy', () => {
    for (const words of ['DomRendererFactory2', 'SignatureV4SignWithCredentials', 'ConvertTo-SecureString', 'crypticpassword']) {
      expect(looksMachineMade(words), words).toBe(false);
    }
    for (const random of ['q8Xr2LmN7vTz4KpW9sBc1HdJ', 'Tr0ub4dor&3x', 'f3a9c2e7b1d84f6a9e0c5b7d2a1f8e3c', 'hV7nQ2zK9xR4tW8m']) {
      expect(looksMachineMade(random), random).toBe(true);
    }
  });

  it('reads special-token text as plain text', () => {
    expect(charsPerToken('a<|endoftext|>b')).toBeGreaterThan(0);
  });

  it('filters the generic and entropy families only', () => {
    const generic = makeRule({ id: 'generic.token', pattern: 'token = "([^"]+)"', secretGroup: 1, fallback: true, severity: 'medium' });
    const vendor = makeRule({ id: 'acme.token', pattern: 'acme = "([^"]+)"', secretGroup: 1 });
    const scan = (text: string) => scanBlob(compileRules([generic, vendor]), Buffer.from(text), 'b').matches.map((m) => m.ruleId);
    expect(scan('token = "DomRendererFactory2"')).toEqual([]);
    expect(scan('token = "q8Xr2LmN7vTz4KpW9sBc1HdJ"')).toEqual(['generic.token']);
    expect(scan('acme = "DomRendererFactory2"')).toEqual(['acme.token']);
  });
});

describe('token table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'credsweep-token-table-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const require = createRequire(import.meta.url);
  const own = require('gpt-tokenizer/bpeRanks/cl100k_base').default as (string | number[])[];
  const bytesOf = (r: string | number[]) => (typeof r === 'string' ? Buffer.from(r, 'utf8') : Uint8Array.from(r));

  it("finds every rank of the package's vocabulary by its bytes, from the file the build writes", () => {
    const file = join(dir, 'table.bin');
    writeTokenTable(file);
    const table = loadTokenTable(file);
    // A rank the package gives as bytes that are valid UTF-8 is one it never finds (it looks such
    // bytes up among its string ranks): the table leaves it out.
    const strict = new TextDecoder('utf-8', { fatal: true });
    const findable = (bytes: Uint8Array) => {
      try {
        strict.decode(bytes);
        return false;
      } catch {
        return true;
      }
    };
    const wrong = own.filter((r, rank) => {
      const bytes = bytesOf(r);
      const expected = typeof r === 'string' || findable(bytes) ? rank : -1;
      return table.rank(bytes, 0, bytes.length) !== expected;
    });
    expect(wrong).toEqual([]);
    expect(table.rank(Buffer.from('zz-not-a-rank-zz'), 0, 16)).toBe(-1);
    // A part of a longer buffer is looked up as its own bytes.
    expect(table.rank(Buffer.from('xxhelloxx'), 2, 7)).toBe(table.rank(Buffer.from('hello'), 0, 5));
  });

  it('is built from the package when the file is from another version, damaged or missing', () => {
    const file = join(dir, 'table.bin');
    writeTokenTable(file);
    const good = readFileSync(file);
    const other = Buffer.from(good);
    other.write('0', 28); // the first byte of the package's version
    const noSlots = Buffer.from(good);
    noSlots.writeUInt32LE(0, 12);
    const otherOrder = Buffer.from(good);
    otherOrder.writeUInt32BE(otherOrder.readUInt32LE(24), 24);
    const cases: [string, Buffer | null][] = [
      ['another version', other],
      ['cut short', good.subarray(0, good.length - 1)],
      ['without slots', noSlots],
      ['from a machine of the other byte order', otherOrder],
      ['not a table', Buffer.from('{"package":')],
      ['missing', null],
    ];
    for (const [what, data] of cases) {
      const path = join(dir, `${what}.bin`);
      if (data !== null) writeFileSync(path, data);
      const table = loadTokenTable(path);
      expect(table.rank(Buffer.from('hello'), 0, 5), what).toBe(own.indexOf('hello'));
    }
  });

  it('answers for a piece it lacks even when damage left no slot empty', () => {
    const file = join(dir, 'full.bin');
    writeTokenTable(file);
    const data = readFileSync(file);
    const [count, slotCount, , nameLength] = [8, 12, 16, 20].map((at) => data.readUInt32LE(at)) as [number, number, number, number];
    const slotsAt = 28 + nameLength + ((4 - (nameLength % 4)) % 4) + (count + 1) * 4;
    data.fill(0, slotsAt, slotsAt + slotCount * 4); // every slot names rank 0
    writeFileSync(file, data);
    const table = loadTokenTable(file);
    expect(table.rank(Buffer.from('zz-not-a-rank-zz'), 0, 16)).toBe(-1);
    expect(table.rank(Buffer.from(own[0] as string), 0, 1)).toBe(0);
  });

  it("counts as the package's countTokens does, on words, code, made-up secrets and odd text", () => {
    const { countTokens: packageCount } = require('gpt-tokenizer/encoding/cl100k_base') as {
      countTokens: (text: string, options: { disallowedSpecial: Set<string> }) => number;
    };
    // A fixed pseudo-random sequence (xorshift), so a failure can be run again.
    let seed = 0x9e3779b9;
    const next = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const alphabets = [
      'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
      'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=',
      '0123456789abcdef',
      'abcdefghijklmnopqrstuvwxyz_-. ',
      ' \t\n\r!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~aZ09',
      'éèàüößçñ日本語中文한국어😀🔑€\u00a0\u2028aB1 ',
    ];
    const texts: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const alphabet = alphabets[i % alphabets.length] as string;
      texts.push(pick(alphabet, 1 + Math.floor(next() * 80)));
    }
    // Lines of real text: this repository's own sources and rules.
    for (const file of ['src/detect/token-efficiency.ts', 'src/detect/matcher.ts', 'detectors/aws.yaml', 'README.md']) {
      texts.push(...readFileSync(join(__dirname, '..', '..', file), 'utf8').split('\n'));
    }
    texts.push(
      'a<|endoftext|>b',
      '<|fim_prefix|>',
      '\ud800x',
      'x\udc00',
      '\ud83d',
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      ' '.repeat(40),
      '\n\n\n  \n',
    );
    texts.push('\ufeff/*\n', '\ufeffabc', 'x\ufeff\ufeffy', '\ufeff', '\ufeff\ufeff', 'a\ufeff');
    texts.push('DomRendererFactory2', 'SignatureV4SignWithCredentials', 'q8Xr2LmN7vTz4KpW9sBc1HdJ', 'hV7nQ2zK9xR4tW8m');
    const differ = texts.filter((t) => countTokens(t) !== packageCount(t, { disallowedSpecial: new Set() }));
    expect(differ).toEqual([]);
  });
});
