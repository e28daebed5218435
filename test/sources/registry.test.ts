// The source seam: a target goes to the first registered source that claims it, and a source
// defined outside src/ (here, in this test) is scanned end to end by the real pipeline: claimed,
// its blob batch run through the matcher, its place named in the finding.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runScan, type ScanOptions } from '../../src/scan/run-scan.js';
import { blobId } from '../../src/sources/blob-id.js';
import { BlobFeeder } from '../../src/sources/blob-feeder.js';
import { planTarget, SOURCES } from '../../src/sources/registry.js';
import type { Source, SourceOptions } from '../../src/sources/source.js';
import { slackTokenScan } from '../support/scan-options.js';

// Made up for this test, in the shape of a Slack bot token.
const TOY_SECRET = 'xoxb-6402917385-2718093546120-Rq8vNw3KzTb5YpLm2HcXe7Ud';

// A whole source: it claims toy:// targets and yields one blob, named as a file inside the target.
const toySource: Source = {
  kind: 'toy',
  async claim(target) {
    if (!target.startsWith('toy://')) return null;
    return {
      name: target,
      // Not small: its jobs go to worker threads, as a sweep's would.
      small: false,
      read: async (ctx) => {
        const feeder = new BlobFeeder(ctx);
        const data = Buffer.from(`SLACK_BOT_TOKEN=${TOY_SECRET}\n`);
        await feeder.add({ id: blobId(data), data, origin: { source: 'fs', target, path: 'toybox/settings.env' } });
        return [await feeder.finish(target, 'fs')];
      },
    };
  },
};

const root = mkdtempSync(join(tmpdir(), 'credsweep-registry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function options(over: Partial<SourceOptions> = {}): SourceOptions {
  return { history: true, staged: false, stdin: () => new PassThrough(), ...over };
}

function scanOptions(targets: string[], sources: readonly Source[]): ScanOptions {
  return slackTokenScan(targets, { sources });
}

describe('the source registry', () => {
  it('offers a target to each source in order; the first that claims it reads it', async () => {
    const file = join(root, 'notes.txt');
    writeFileSync(file, 'nothing here\n');
    expect(await planTarget('-', options())).toMatchObject({ name: '-', small: true });
    expect(await planTarget(file, options())).toMatchObject({ name: file, small: true });
    expect(await planTarget(root, options())).toMatchObject({ name: root, small: false });
    // A URL is named without the password it was given with.
    expect(await planTarget('https://user:hunter2@git.example.test/team/repo.git', options())).toMatchObject({
      name: 'https://git.example.test/team/repo.git',
    });
    // --staged claims every target first, so stdin is refused rather than read.
    await expect(planTarget('-', options({ staged: true }))).rejects.toMatchObject({ code: 'USAGE_STAGED_STDIN' });
  });

  it('names a target no source claims', async () => {
    await expect(planTarget(join(root, 'absent'), options())).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
    await expect(planTarget('toy://box', options(), [toySource])).resolves.toMatchObject({ name: 'toy://box' });
    await expect(planTarget(root, options(), [toySource])).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
  });

  it('scans a source defined outside src/ end to end, with one more line in the list', async () => {
    const result = await runScan(scanOptions(['toy://box'], [toySource, ...SOURCES]));
    expect(result.issues).toEqual([]);
    expect(result.targets).toEqual(['toy://box']);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      rule: 'slack.bot-token',
      secret: TOY_SECRET,
      file: 'toybox/settings.env',
      target: 'toy://box',
    });
  });

  it('leaves toy:// to the registered sources when the toy source is not in the list', async () => {
    await expect(runScan(scanOptions(['toy://box'], SOURCES))).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
  });
});
