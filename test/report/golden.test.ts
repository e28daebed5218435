// Golden files: the exact output of every reporter on the hand-built scan result. A change in
// output shows up as a diff in review; rewrite them on purpose with UPDATE_GOLDEN=1.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FormatName, reporters } from '../../src/report/index.js';
import type { ReportOptions, ScanResult } from '../../src/types.js';
import { CLEAN_RESULT, OPTIONS, SCAN_RESULT } from './scan-result-fixture.js';

const EXTENSION: Record<FormatName, string> = { text: 'txt', json: 'json', jsonl: 'jsonl', sarif: 'sarif', csv: 'csv' };

function checkGolden(name: string, actual: string): void {
  const path = fileURLToPath(new URL(`./golden/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(existsSync(path), `${name} is missing: run with UPDATE_GOLDEN=1 to write it`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const cases: Array<[string, FormatName, ScanResult, Partial<ReportOptions>]> = [
  ...Object.keys(reporters).map(
    (format) =>
      [`scan.${EXTENSION[format as FormatName]}`, format as FormatName, SCAN_RESULT, {}] as [
        string,
        FormatName,
        ScanResult,
        Partial<ReportOptions>,
      ],
  ),
  ['scan-color.txt', 'text', SCAN_RESULT, { color: true }],
  ['clean.txt', 'text', CLEAN_RESULT, {}],
  ['clean.sarif', 'sarif', CLEAN_RESULT, {}],
];

describe('reporter golden files', () => {
  it.each(cases)('%s', (file, format, result, extra) => {
    checkGolden(file, reporters[format](result, { ...OPTIONS, ...extra }));
  });
});
