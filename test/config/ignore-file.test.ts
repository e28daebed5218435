import { describe, expect, it } from 'vitest';
import { parseIgnoreText } from '../../src/config/ignore-file.js';

describe('parseIgnoreText', () => {
  const list = parseIgnoreText(
    ['# comment', '', '0123456789abcdef0123456789abcdef', 'fixtures/', '/top.env', '*.pem', 'docs/examples/*.md'].join('\n'),
    '.credsweepignore',
  );

  it('separates finding ids from path globs', () => {
    expect([...list.ids]).toEqual(['0123456789abcdef0123456789abcdef']);
    expect(list.globs).toEqual(['fixtures/', '/top.env', '*.pem', 'docs/examples/*.md']);
  });

  it.each([
    ['fixtures/a.txt', true],
    ['deep/fixtures/b/c.txt', true],
    ['top.env', true],
    ['sub/top.env', false],
    ['keys/server.pem', true],
    ['docs/examples/readme.md', true],
    ['docs/other/readme.md', false],
    ['src/app.ts', false],
  ])('%s ignored: %s', (path, expected) => {
    expect(list.matchesPath(path)).toBe(expected);
  });

  it('takes back a path with a negated pattern, as .gitignore does', () => {
    const negated = parseIgnoreText(['fixtures/*', '!fixtures/real-config.env', '*.log', '!keep.log'].join('\n'), '.credsweepignore');
    expect(negated.matchesPath('fixtures/fake.env')).toBe(true);
    expect(negated.matchesPath('fixtures/real-config.env')).toBe(false);
    expect(negated.matchesPath('logs/debug.log')).toBe(true);
    expect(negated.matchesPath('logs/keep.log')).toBe(false);
  });

  it('speaks only for paths inside the scanned root', () => {
    expect(list.matchesPath('/etc/top.env')).toBe(false);
    expect(list.matchesPath('../fixtures/a.txt')).toBe(false);
    expect(list.matchesPath('./fixtures/a.txt')).toBe(true);
  });
});
