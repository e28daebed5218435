// The keyword stage must answer exactly what the case-insensitive RE2::Set of the same entries
// answers (the stage it replaced): a keyword it missed would be a rule not run, a secret missed.
// Compared here on the recall corpus, every rule's examples, and made-up buffers built to
// break a literal search: keywords at the edges, overlapping, in mixed case, across the
// module's 64 KiB segments, among bytes above 0x7f and next to the two non-ASCII code points
// RE2 folds into ASCII letters.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gramMemoryFor, tablesFit } from '../../src/detect/keyword-grams.js';
import {
  compileKeywordStage,
  entryPattern,
  type KeywordEntry,
  type KeywordStage,
  prebuildKeywordStage,
  prebuiltFor,
} from '../../src/detect/keyword-stage.js';
import { readKeywordTables } from '../../src/detect/keyword-tables.js';
import { compileByteRegexSet } from '../../src/detect/re2.js';
import { loadBuiltinRules } from '../../src/detect/rule-load.js';

const CORPUS = join(import.meta.dirname, '../fixtures/recall');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The built-in catalog's entries, as the prefilter makes them. */
function catalogEntries(): KeywordEntry[] {
  const seen = new Set<string>();
  const entries: KeywordEntry[] = [];
  for (const rule of loadBuiltinRules()) {
    if (rule.filename !== undefined) continue;
    const own: KeywordEntry[] = [
      ...rule.keywords.map((keyword) => ({ keyword })),
      ...(rule.gate !== undefined ? [{ gate: rule.gate }] : []),
    ];
    for (const e of own) {
      const key = entryPattern(e);
      if (!seen.has(key)) entries.push(e);
      seen.add(key);
    }
  }
  return entries;
}

// A small deterministic generator, so a failure can be replayed.
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s = (s ^ (s >>> 12)) >>> 0;
    return s / 2 ** 32;
  };
}

function mixCase(text: string, rnd: () => number): string {
  return [...text].map((c) => (rnd() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
}

const FILLERS = ['', ' ', '\n', 'x', '_', '-', '=', '"', 'é', '\u017f', '\u212a', '\xff', 'kk', 'ss', '\u0000'];

/** Buffers of keyword pieces, whole keywords, gate-shaped text and noise. */
function adversarial(entries: KeywordEntry[], seed: number, count: number): Buffer[] {
  const rnd = random(seed);
  const words = entries.filter((e): e is { keyword: string } => 'keyword' in e).map((e) => e.keyword);
  const shapes = [
    'password = "Xk9vq2Lm4Rt8"',
    'token: abcdefghijklmnop12',
    'https://u:p4ss@h',
    'AKIAABCDEFGHIJKLMNOP',
    'x:5432:db:u:',
    'dapi0',
    'sk0123abcd',
  ];
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)] as T;
  const out: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    const parts: Buffer[] = [];
    const pieces = 1 + Math.floor(rnd() * 12);
    for (let k = 0; k < pieces; k++) {
      const r = rnd();
      let s: string;
      if (r < 0.35) s = mixCase(pick(words), rnd);
      else if (r < 0.5) {
        const w = pick(words);
        // A keyword cut short or run into the next one: near misses and overlaps.
        s = mixCase(w.slice(0, Math.max(1, w.length - 1)) + pick(words), rnd);
      } else if (r < 0.6) s = mixCase(pick(shapes), rnd);
      else if (r < 0.75) s = pick(FILLERS);
      else {
        parts.push(Buffer.from(Array.from({ length: Math.floor(rnd() * 9) }, () => Math.floor(rnd() * 256))));
        continue;
      }
      if (rnd() < 0.1 && s.length > 1) {
        // ſ and K in place of s and k inside a keyword: RE2 still matches it.
        s = s.replace(/s/i, '\u017f').replace(/k/i, '\u212a');
      }
      parts.push(Buffer.from(s, 'utf8'));
    }
    out.push(Buffer.concat(parts));
  }
  return out;
}

// The literal search built at run time unless the test brings a stage of its own.
function expectSameAsRe2(entries: KeywordEntry[], texts: Buffer[], stage: KeywordStage = compileKeywordStage(entries, 0, null)) {
  const set = compileByteRegexSet(entries.map(entryPattern), true);
  const label = (ids: number[]) => ids.map((i) => entryPattern(entries[i] as KeywordEntry));
  for (const text of texts) {
    const want = set.matching(text);
    const got = stage.matching(text);
    if (got === null || got.join() !== want.join()) {
      expect({ text: text.toString('hex', 0, 400), got: label(got ?? []) }).toEqual({
        text: text.toString('hex', 0, 400),
        got: label(want),
      });
    }
  }
}

describe('the keyword stage', () => {
  const entries = catalogEntries();

  it('answers as the RE2::Set does on the recall corpus and every rule example', () => {
    const rules = loadBuiltinRules();
    const texts = [
      ...files(CORPUS).map((f) => readFileSync(f)),
      ...rules.flatMap((r) => [...r.examples, ...(r.negativeExamples ?? [])].map((e) => Buffer.from(e, 'utf8'))),
    ];
    expect(texts.length).toBeGreaterThan(1000);
    expectSameAsRe2(entries, texts);
  });

  it('answers as the RE2::Set does on made-up buffers of keywords, near misses and noise', () => {
    expectSameAsRe2(entries, adversarial(entries, 17, 3000));
  });

  it('finds keywords at the very start and end of a buffer and across its segments', () => {
    const texts: Buffer[] = [];
    const rnd = random(5);
    const keywords = entries.filter((e): e is { keyword: string } => 'keyword' in e).map((e) => e.keyword);
    for (let k = 0; k < 40; k++) {
      const w = Buffer.from(mixCase(keywords[Math.floor(rnd() * keywords.length)] as string, rnd));
      texts.push(w, Buffer.concat([w, Buffer.from(' tail')]), Buffer.concat([Buffer.from('head '), w]));
      // Around each 64 KiB boundary, at every alignment.
      for (const base of [65536, 131072]) {
        const shift = Math.floor(rnd() * (w.length + 6));
        const big = Buffer.alloc(base + 300, '.');
        w.copy(big, base - shift);
        texts.push(big, big.subarray(0, base - shift + w.length));
      }
    }
    // A gate whose text straddles a boundary, and a confirmation that needs bytes past it.
    const gate = Buffer.alloc(65536 + 100, ' ');
    gate.write('x = "https://user:S3cretPassw0rd@db.example"', 65536 - 20);
    texts.push(gate);
    expectSameAsRe2(entries, texts);
  });

  it('finds a keyword at every offset of a line, alone or next to another (8 bytes are tested at once)', () => {
    const texts: Buffer[] = [];
    for (const w of ['ghp_', 'aio_', 'xoxb', 'password=', 'requirepass ', 'PRIVATE KEY', 'sk_live_']) {
      for (let at = 0; at < 20; at++) {
        const line = Buffer.alloc(at + w.length + (at % 9), '.');
        line.write(w, at);
        texts.push(line, line.subarray(0, at + w.length));
        const two = Buffer.alloc(48, ' ');
        two.write(w, at % 17);
        two.write('xoxp', 40 - (at % 5));
        texts.push(two);
      }
    }
    expectSameAsRe2(entries, texts);
  });

  it('tries a line-start gate only at line starts, as RE2 does', () => {
    const lines = ['FROM node:20 AS build', 'from alpine', 'x from y', 'taken from z', 'FROM a b', '\tFROM c', 'FROM\td'];
    const texts = lines.flatMap((l) => [l, `${l}\n`, `a\n${l}\n`, `a\r\n${l}\r\n`, ` ${l}`]).map((t) => Buffer.from(t));
    expectSameAsRe2(entries, texts);
  });

  it('handles keywords of every length, non-ASCII keywords and gates it cannot read', () => {
    const own: KeywordEntry[] = [
      { keyword: 'q' },
      { keyword: 'Q~' },
      { keyword: 'ab' },
      { keyword: 'xyz' },
      { keyword: 'Kilo' },
      { keyword: 'sks' },
      { keyword: 'clé' },
      { keyword: 'a.b' },
      { gate: '(?i)pass[0-9]{3}' }, // flags: left to RE2
      { gate: '\\bzz[a-z]{2}\\d' },
      { gate: '[0-9a-f]{4}-tok[0-9]' }, // a fixed-width start, then the text
      { gate: '(?:fo|ba)o{1,2}r' },
      { gate: '\\p{Greek}+x' }, // unknown to the reader: left to RE2
    ];
    const rnd = random(9);
    const samples = [
      'q',
      'Q~',
      'aB',
      'xYz',
      'kilo',
      '\u212ailo',
      'ſkſ',
      'SKS',
      'CLÉ',
      'clé',
      'a.b',
      'aXb',
      'pass123',
      'PASS12',
      'zzab1',
      'azzab1',
      'beef-tok7',
      'bee-tok7',
      'fooor',
      'bar',
      'boor',
      'fooo0r',
      'αβx',
    ];
    const texts = Array.from({ length: 3000 }, () =>
      Buffer.from(
        Array.from({ length: 1 + Math.floor(rnd() * 6) }, () =>
          rnd() < 0.7 ? mixCase(samples[Math.floor(rnd() * samples.length)] as string, rnd) : FILLERS[Math.floor(rnd() * FILLERS.length)],
        ).join(''),
        'utf8',
      ),
    );
    expectSameAsRe2(own, [...texts, Buffer.alloc(0)]);
  });
  it('tells apart short and long keywords whose words share their middle bytes', () => {
    // The exact table lists windows by their two middle bytes; a window of a 3- or 4-byte
    // keyword has one byte outside it, which the lookup masks away (keyword-grams.wat).
    const own: KeywordEntry[] = ['kab', 'kabz', 'zkab', 'xkabq', 'kab9', 'okab', 'ka_b', '-kab-'].map((keyword) => ({ keyword }));
    const texts: Buffer[] = [];
    for (const w of ['kab', 'kabz', 'zkab', 'xkabq', 'kab9', 'okab', 'ka_b', '-kab-', 'kaz', 'kxb', 'zkaq', 'kab_']) {
      for (let at = 0; at < 12; at++) {
        const line = Buffer.alloc(at + w.length + (at % 5), '.');
        line.write(w, at);
        texts.push(line, line.subarray(0, at + w.length), line.subarray(at));
      }
    }
    expectSameAsRe2(own, texts);
  });
});

describe('the keyword stage from tables built at compile time', () => {
  const entries = catalogEntries();
  const dir = mkdtempSync(join(tmpdir(), 'credsweep-keyword-tables-'));
  const file = join(dir, 'keyword-tables.bin');
  prebuildKeywordStage(entries, file);
  const good = readFileSync(file);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Every text the run-time search is compared on above.
  const texts = () => [
    ...files(CORPUS).map((f) => readFileSync(f)),
    ...loadBuiltinRules().flatMap((r) => [...r.examples, ...(r.negativeExamples ?? [])].map((e) => Buffer.from(e, 'utf8'))),
    ...adversarial(entries, 23, 3000),
  ];

  it('are read back and answer as the RE2::Set does, from the first byte', () => {
    const read = readKeywordTables(file, gramMemoryFor);
    if (read === null) throw new Error(`${file} was not read back`);
    expect(read.entries).toEqual(entries);
    expect(tablesFit(read.plan.literals, read.tables)).toBe(true);
    expect(prebuiltFor(entries, file)).not.toBeNull();
    // No byte budget for the RE2::Set: only prebuilt tables make this a literal search.
    expectSameAsRe2(entries, texts(), compileKeywordStage(entries, Number.POSITIVE_INFINITY, file));
  });

  it('serve a run that asks for some of their entries, in another order', () => {
    // As a scan without the intel rules, or with rules disabled: every third entry, gates
    // included, the last first.
    const some = entries.filter((_, i) => i % 3 === 0).reverse();
    expect(some.some((e) => 'gate' in e)).toBe(true);
    expect(prebuiltFor(some, file)).not.toBeNull();
    expectSameAsRe2(some, texts(), compileKeywordStage(some, Number.POSITIVE_INFINITY, file));
  });

  it('are not used for an entry they lack, or when the file is damaged, and the stage still answers right', () => {
    const other = [...entries.slice(0, -1), { keyword: 'credsweep-test-only' }];
    expect(prebuiltFor(other, file)).toBeNull();
    expect(prebuiltFor([{ keyword: 'ghp_' }, { keyword: 'GHP_' }], file)).toBeNull();
    expect(prebuiltFor([], file)).toBeNull();
    expect(readKeywordTables(join(dir, 'missing.bin'), gramMemoryFor)).toBeNull();
    const flip = (at: number) => {
      const bytes = Buffer.from(good);
      bytes.writeUInt8((bytes[at] as number) ^ 0x10, at);
      return bytes;
    };
    // The header (76 bytes), the plan (JSON), the gates' follow sets, then the module's tables.
    const followAt = 76 + good.readUInt32LE(72) + 8;
    const damaged: [string, Buffer][] = [
      ['one byte of the plan changed', flip(200)],
      ['one byte of the follow sets changed', flip(followAt)],
      ['one byte of the tables changed', flip(good.length >> 1)],
      ['one byte more', Buffer.concat([good, Buffer.from([0])])],
      ['cut short', good.subarray(0, good.length - 1000)],
      ['header only', good.subarray(0, 76)],
      ['empty', Buffer.alloc(0)],
    ];
    for (const [what, bytes] of damaged) {
      writeFileSync(file, bytes);
      expect(readKeywordTables(file, gramMemoryFor), what).toBeNull();
    }
    // Damaged: the literal search is built at run time and answers as before.
    expectSameAsRe2(entries, adversarial(entries, 29, 1500), compileKeywordStage(entries, 0, file));
    writeFileSync(file, good);
    expectSameAsRe2(other, adversarial(entries, 31, 1500), compileKeywordStage(other, 0, file));
  });
});

describe('the keyword stage of a small scan', () => {
  it('answers with the RE2::Set until enough bytes went through, then with the literal search', () => {
    const stage = compileKeywordStage([{ keyword: 'Ghp_' }, { gate: 'tok[0-9]{2}' }], 64, null);
    const text = Buffer.from('a GHP_ token tok12 '.repeat(4));
    // Both answer alike; what differs is only which one ran.
    for (let k = 0; k < 4; k++) expect(stage.matching(text)).toEqual([0, 1]);
    expect(stage.matching(Buffer.from('nothing'))).toEqual([]);
  });
});

describe('the keyword search module', () => {
  it('runs the module assembled from keyword-grams.wat', async () => {
    const root = join(import.meta.dirname, '../..');
    const { assemble } = await import(join(root, 'bin/assemble-wasm.mjs'));
    expect(await assemble('keyword-grams')).toBe(readFileSync(join(root, 'src/detect/keyword-grams-wasm.ts'), 'utf8'));
  });
});
