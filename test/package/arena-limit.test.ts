// Which runs start again with glibc's arena limit (bin/arena-limit.cjs): scans that may start
// scan threads, on Linux, unless the user set the limit or glibc tunables themselves.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of bin/, without type declarations
import { startsHereFirst, wantsArenaLimit } from '../../bin/arena-limit.cjs';

const want = (args: string[], env: Record<string, string> = {}, platform = 'linux') =>
  wantsArenaLimit(['node', 'credsweep.js', ...args], env, platform) as boolean;

describe('the arena limit', () => {
  it('is wanted for a history or folder scan on Linux', () => {
    expect(want(['scan', '/srv/leaked-clone'])).toBe(true);
    expect(want(['scan', 's3://bucket/prefix', '-f', 'json'])).toBe(true);
  });

  it('is not wanted where start-up counts or one thread scans', () => {
    for (const flag of ['--staged', '--pre-push', '--since-commit=HEAD~3', '--log-opts', '-', '--help']) {
      expect(want(['scan', flag]), flag).toBe(false);
    }
    expect(want(['keys', 'findings.json'])).toBe(false);
    expect(want(['hook', 'install'])).toBe(false);
  });

  it("respects the user's own setting and other systems", () => {
    expect(want(['scan', '.'], { MALLOC_ARENA_MAX: '4' })).toBe(false);
    expect(want(['scan', '.'], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=8' })).toBe(false);
    expect(want(['scan', '.'], {}, 'darwin')).toBe(false);
  });

  it('is decided by the scan itself on a sweep rerun, where there is often nothing to read', () => {
    const written = new Set(['state.json', '/var/sweep/state.json']);
    const first = (args: string[]) => startsHereFirst(['node', 'credsweep.js', ...args], (f: string) => written.has(f)) as boolean;
    expect(first(['scan', '/srv/mirrors', '--state', 'state.json'])).toBe(true);
    expect(first(['scan', '/srv/mirrors', '--state=/var/sweep/state.json'])).toBe(true);
    expect(first(['scan', '/srv/mirrors', '--state=s3://bucket/state.json'])).toBe(true);
    // A sweep's first run reads everything: the child starts at once.
    expect(first(['scan', '/srv/mirrors', '--state', 'new-state.json'])).toBe(false);
    expect(first(['scan', '/srv/leaked-clone'])).toBe(false);
    expect(first(['scan', '/srv/leaked-clone', '--state-of-mind'])).toBe(false);
  });
});
