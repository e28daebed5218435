#!/usr/bin/env node
// Writes the recall fixtures: realistic files with made-up secrets planted in them, under
// test/fixtures/recall/, and the manifest test/fixtures/recall/planted.json (each secret's file,
// family, value, expectation, note and the line of its first character) that recall.mjs and
// test/detect/recall.test.ts match findings against:
//   node benchmarks/make-recall-fixtures.mjs [--seed 1]
// Deterministic for a seed. The files are committed; run this again only to change them (add a
// file to one of the recall-fixtures-*.mjs lists), then check the diff. Needs dist/ built (the
// GitHub and npm token checksums use the scanner's own CRC32 and base62).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { APP_FILES } from './recall-fixtures-app.mjs';
import { CONFIG_FILES } from './recall-fixtures-config.mjs';
import { CREDENTIAL_FILES } from './recall-fixtures-creds.mjs';
import { makeSecrets } from './recall-secrets.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'test/fixtures/recall');

function parseSeed(argv) {
  const i = argv.indexOf('--seed');
  return i >= 0 ? Number(argv[i + 1]) : 1;
}

/** Builds every file's text and the manifest entries, without writing anything. */
export function buildRecallFixtures(seed = 1) {
  const secrets = makeSecrets(`credsweep-recall-${seed}`);
  const planted = [];
  const files = [];
  for (const [file, write] of [...CONFIG_FILES, ...APP_FILES, ...CREDENTIAL_FILES]) {
    const record = (expect) => (family, value, note) => {
      const secret = value.trim();
      if (!planted.some((p) => p.file === file && p.secret === secret)) planted.push({ file, family, secret, expect, note });
      return value;
    };
    const text = write(secrets, record('found'), record('not-found'));
    files.push({ file, text });
    // The line of the secret's first character: every finding must be reported there.
    for (const p of planted) {
      if (p.file !== file || p.line !== undefined) continue;
      const at = text.indexOf(p.secret);
      if (at >= 0) p.line = text.slice(0, at).split('\n').length;
    }
  }
  return { files, planted };
}

function main() {
  const { files, planted } = buildRecallFixtures(parseSeed(process.argv.slice(2)));
  rmSync(OUT, { recursive: true, force: true });
  for (const { file, text } of files) {
    const path = join(OUT, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  writeFileSync(join(OUT, 'planted.json'), `${JSON.stringify(planted, null, 2)}\n`);
  // The manifest repeats every secret; the scan's default ignore file keeps it out of the count.
  writeFileSync(join(OUT, '.credsweepignore'), '# The manifest of what is planted here, not a planted file.\n/planted.json\n');
  const found = planted.filter((p) => p.expect === 'found').length;
  console.log(`${files.length} files, ${found} planted secrets, ${planted.length - found} planted negatives in ${OUT}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
