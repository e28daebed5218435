import { describe, expect, it } from 'vitest';
import { formatProgress } from '../../src/cli/progress.js';

describe('formatProgress', () => {
  it('gives the share done, the rate in MiB/s and the time left when the total is known', () => {
    const line = formatProgress({ phase: 'reading objects', objects: 25_000, total: 100_000, bytes: 50 * 1048576, findings: 3 }, 10_000);
    expect(line).toBe(
      'reading objects: 25,000 / 100,000 objects (25%), 50.0 MiB at 5.0 MiB/s · about 30.0 s left · 3 blob(s) with findings',
    );
  });

  it('names the phase and leaves out what it cannot know', () => {
    const line = formatProgress({ phase: 'tracing history for 2 blob(s) with findings', objects: 900, bytes: 2048, findings: 2 }, 1000);
    expect(line).toBe('tracing history for 2 blob(s) with findings: 900 objects, 2.0 KiB at 2.0 KiB/s · 2 blob(s) with findings');
  });

  it('says nothing is left once every object is read', () => {
    expect(formatProgress({ phase: 'reading objects', objects: 10, total: 10, bytes: 10, findings: 0 }, 1000)).not.toContain('left');
  });
});
