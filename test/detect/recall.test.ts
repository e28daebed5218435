// The catalog's recall on realistic files with planted made-up secrets (test/fixtures/recall/,
// written by benchmarks/make-recall-fixtures.mjs): the built CLI scans them as a user would, and
// the findings are matched to planted.json with the same code as benchmarks/recall.mjs. On
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
const MIN_RECALL = 0.9;

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

  it(`finds at least ${MIN_RECALL * 100}% of the planted secrets`, () => {
    expect(summary.overall.planted).toBeGreaterThan(0);
    expect(summary.overall.recall, table).toBeGreaterThanOrEqual(MIN_RECALL);
  });
});
