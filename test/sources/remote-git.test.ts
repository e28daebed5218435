import { describe, expect, it } from 'vitest';
import { displayUrl, isRemoteGitUrl } from '../../src/sources/remote/remote-url.js';

describe('remote git URLs', () => {
  it('recognises http(s) URLs only', () => {
    expect(isRemoteGitUrl('https://github.com/acme/app.git')).toBe(true);
    expect(isRemoteGitUrl('http://127.0.0.1:8080/v1/repos/x')).toBe(true);
    expect(isRemoteGitUrl('./https')).toBe(false);
    expect(isRemoteGitUrl('https://')).toBe(false);
    expect(isRemoteGitUrl('-')).toBe(false);
  });

  it('drops credentials from a URL before it is shown', () => {
    expect(displayUrl('https://ci:s3cr3t-token@git.acme.io/app.git')).toBe('https://git.acme.io/app.git');
    expect(displayUrl('https://git.acme.io/app.git')).toBe('https://git.acme.io/app.git');
  });
});
