import { describe, expect, it } from 'vitest';
import { useColor } from '../../src/cli/use-color.js';
import { createPaint } from '../../src/report/ansi.js';
import { makeRepo } from '../support/git-fixture.js';
import { runCli } from '../support/run-cli.js';

describe('useColor', () => {
  it.each([
    ['a terminal', { isTTY: true }, {}, true],
    ['a pipe', { isTTY: false }, {}, false],
    ['NO_COLOR on a terminal', { isTTY: true }, { NO_COLOR: '1' }, false],
    ['NO_COLOR beats FORCE_COLOR', { isTTY: false }, { NO_COLOR: 'yes', FORCE_COLOR: '1' }, false],
    ['FORCE_COLOR on a pipe', { isTTY: false }, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=0 on a terminal', { isTTY: true }, { FORCE_COLOR: '0' }, false],
    ['an empty NO_COLOR', { isTTY: true }, { NO_COLOR: '' }, true],
  ])('%s', (_name, stream, env, expected) => {
    expect(useColor(stream, env)).toBe(expected);
  });

  it('paints only when asked', () => {
    expect(createPaint(true)('bold', 'x')).toBe('\x1b[1mx\x1b[22m');
    expect(createPaint(false)('alarm', 'x')).toBe('x');
  });

  it('paints as told even where styleText alone would not (a pipe, NO_COLOR): useColor decides', () => {
    const saved = process.env.NO_COLOR;
    process.env.NO_COLOR = '1';
    try {
      expect(createPaint(true)('alarm', 'x')).toBe('\x1b[1m\x1b[97m\x1b[41mx\x1b[49m\x1b[39m\x1b[22m');
      expect(createPaint(true)('boldRed', 'x')).toBe('\x1b[1m\x1b[31mx\x1b[39m\x1b[22m');
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });

  it('gives the text report colour through a pipe with FORCE_COLOR, and none with NO_COLOR', async () => {
    const repo = await makeRepo();
    try {
      await repo.commit({ 'a.env': 'SLACK=xoxb-8317460152-1093847561234-wzl4YcgUtwJM811zpsisMrBN\n' }, 'a');
      const forced = await runCli(['scan', repo.dir, '--no-progress'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
      expect(forced.stdout).toContain('\x1b[');
      const plain = await runCli(['scan', repo.dir, '--no-progress'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
      expect(plain.stdout).not.toContain('\x1b[');
    } finally {
      await repo.cleanup();
    }
  });
});
