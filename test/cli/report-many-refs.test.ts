// The incident report of a repository shaped like a busy real one: hundreds of branches and tags
// still reach the same secrets. The report must name refs once each, cap long lists with a count,
// give every secret its author and date, say each remediation once, and stay a readable page.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitFixture, makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

const TOKENS = ['xoxb-4190275836-6623018457129-fNw2Kq8TzLm4Xv7RpYc3Hd9B', 'xoxb-7305918264-8841027365510-gTe5Rk2WqNz7Lm3XcVb8Yp4D'];
const BRANCHES = 240;
const TAGS = 120;
let repo: GitFixture;
let dir: string;
let findings: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credsweep-many-refs-'));
  repo = await makeRepo();
  const first = await repo.commit(
    { 'config/slack.env': `SLACK_TOKEN=${TOKENS[0]}\n`, 'deploy/notify.env': `SLACK_TOKEN=${TOKENS[0]}\n` },
    'add notifications',
    { author: 'Ada Author' },
  );
  const second = await repo.commit({ 'ops/alerts.env': `SLACK_TOKEN=${TOKENS[1]}\n` }, 'alerts', { author: 'Bo Builder' });
  const third = await repo.commit({ 'README.md': 'docs\n' }, 'docs');
  const updates = [];
  for (let i = 0; i < BRANCHES; i++)
    updates.push(`create refs/heads/feature/${String(i).padStart(3, '0')} ${[first, second, third][i % 3]}`);
  for (let i = 0; i < TAGS; i++) updates.push(`create refs/tags/v1.${i} ${[second, third][i % 2]}`);
  await repo.gitBytes(['update-ref', '--stdin'], `${updates.join('\n')}\n`);
  findings = join(dir, 'findings.json');
  const scan = await runCli(['scan', repo.dir, '-f', 'json', '-o', findings, '-q']);
  expect(scan.code, scan.stderr).toBe(1);
});

afterAll(async () => {
  await repo?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('the incident report of a repository with hundreds of refs', () => {
  it('names distinct refs, caps them with a count, dates every secret and says each remediation once', async () => {
    const out = join(dir, 'report.md');
    const run = await runCli(['report', findings, '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    const md = readFileSync(out, 'utf8');
    const rows = md.split('\n').filter((l) => l.startsWith('| Slack'));
    expect(rows).toHaveLength(2); // a token in two files is one finding with two occurrences
    for (const row of rows) {
      expect(row).toMatch(/ by (Ada Author|Bo Builder) on 2024-01-01 /);
      const stillOn = row.split('|').at(-2) ?? '';
      expect(stillOn).toMatch(/ and \d+ more $/);
      const named = stillOn
        .replace(/ and \d+ more $/, '')
        .split(', ')
        .map((r) => r.trim());
      expect(new Set(named).size).toBe(named.length);
      expect(stillOn.length).toBeLessThan(200);
    }
    // Every branch, tag and the default branch reach the first token; the second is not on the
    // branches left at the first commit. The counts go past the 20 refs a finding lists.
    const more = rows.map((row) => Number(/ and (\d+) more \|$/.exec(row)?.[1])).sort((a, b) => a - b);
    expect(more).toEqual([Math.ceil((BRANCHES * 2) / 3) + TAGS + 1 - 5, BRANCHES + TAGS + 1 - 5]);
    expect(md.match(/Rotate the 2 Slack bot token values found in /g)).toHaveLength(1);
    expect(md).toMatch(/still reachable from .* and \d+ more\./);
  });

  it('writes HTML when -o ends in .html, without -f', async () => {
    const out = join(dir, 'report.html');
    expect((await runCli(['report', findings, '-o', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  it.skipIf(!chromium)('stays a page a person can read: no cell runs off, the page is not thousands of pixels tall', async () => {
    const out = join(dir, 'report.html');
    await runCli(['report', findings, '-o', out]);
    const { chromium: browserType } = await import('playwright-core');
    const browser = await browserType.launch({ executablePath: chromium, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.goto(pathToFileURL(out).href);
      // The page's own measure of itself (run in the browser, hence the string).
      const [height, width] = (await page.evaluate('[document.documentElement.scrollHeight, document.documentElement.scrollWidth]')) as [
        number,
        number,
      ];
      expect(height).toBeLessThan(2500);
      expect(width).toBeLessThanOrEqual(1100);
      await page.screenshot({ path: join(dir, 'many-refs.png'), fullPage: true });
      if (process.env.CREDSWEEP_KEEP_SCREENSHOT) copyFileSync(join(dir, 'many-refs.png'), process.env.CREDSWEEP_KEEP_SCREENSHOT);
    } finally {
      await browser.close();
    }
  });
});
