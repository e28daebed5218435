import { describe, expect, it } from 'vitest';
import { findVersionControl } from '../../src/cli/version-control.js';

const GITHUB = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.example',
  GITHUB_REPOSITORY: 'team/app',
  GITHUB_SHA: 'c'.repeat(40),
  GITHUB_REF_NAME: 'main',
};

describe('findVersionControl', () => {
  it('names the repository GitHub Actions checked out, for a scan of one local folder', () => {
    expect(findVersionControl(['.'], GITHUB)).toEqual({
      repositoryUri: 'https://github.example/team/app',
      revisionId: 'c'.repeat(40),
      branch: 'main',
    });
  });

  it('names the GitLab CI project', () => {
    const env = { GITLAB_CI: 'true', CI_PROJECT_URL: 'https://gitlab.example/team/app', CI_COMMIT_SHA: 'd'.repeat(40) };
    expect(findVersionControl([], env)).toEqual({ repositoryUri: 'https://gitlab.example/team/app', revisionId: 'd'.repeat(40) });
  });

  it('names a single https target without its credentials', () => {
    expect(findVersionControl(['https://user:tok3n@git.example/team/app.git'], {})).toEqual({
      repositoryUri: 'https://git.example/team/app.git',
    });
  });

  it('names nothing for stdin, several targets, or a local scan outside CI', () => {
    expect(findVersionControl(['-'], GITHUB)).toBeUndefined();
    expect(findVersionControl(['a', 'b'], GITHUB)).toBeUndefined();
    expect(findVersionControl(['.'], {})).toBeUndefined();
  });
});
