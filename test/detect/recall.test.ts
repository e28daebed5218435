// The catalog's recall on realistic files with planted made-up secrets (test/fixtures/recall/,
// written by benchmarks/make-recall-fixtures.mjs): the built CLI scans them as a user would, and
// the findings are matched to planted.json (value, file and line) with the same code as benchmarks/recall.mjs. On
// failure the message is the whole recall table, with what was missed and what was wrongly found.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatRecall,
  matchRecall,
  type Planted,
  type RecallFinding,
  type RecallSummary,
  summarizeRecall,
} from '../../benchmarks/recall-match.mjs';
import { runCli } from '../support/run-cli.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/recall');

describe('recall on planted secrets', () => {
  let summary: RecallSummary;
  let table: string;

  beforeAll(async () => {
    const run = await runCli(['scan', '--no-history', '--trust-target-config', '--show-secrets', '-f', 'json', '--no-progress', FIXTURES]);
    expect(run.code, run.stderr).toBe(1);
    const planted = JSON.parse(readFileSync(join(FIXTURES, 'planted.json'), 'utf8')) as Planted[];
    summary = summarizeRecall(matchRecall(planted, JSON.parse(run.stdout) as RecallFinding[]));
    table = formatRecall(summary);
  });

  it('finds none of the placeholders, references and documentation keys planted as negatives', () => {
    expect(summary.negatives.planted).toBeGreaterThan(0);
    expect(summary.negativesFound, table).toEqual([]);
  });

  // Found means reported at the line the secret starts on (a PuTTY key's private lines, line 8 of
  // its file, not its header), so a responder's editor opens at the secret.
  it('finds every planted secret, each at its own line', () => {
    expect(summary.overall.planted).toBeGreaterThan(0);
    expect(summary.missed, table).toEqual([]);
    expect(summary.overall.recall).toBe(1);
  });
});
