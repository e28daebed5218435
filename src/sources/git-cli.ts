// Runs the git binary for the few things that need it: the staged change and the commit range
// of the developer's own repository (`git diff --cached`, `git log -p`, with rename detection),
// and ssh fetches. Content is read by our own object reader. The repository's own config is
// still read by git (it holds the object format and the like), so every key of it that could
// name a program git starts, or change the output we parse, is overridden here on the command
// line, which beats every config file: signature checks (log.showSignature and the gpg programs),
// fsmonitor, external diff, pager, credential helpers, and every transport (a partial clone
// would otherwise fetch missing objects from a remote the config names, through any protocol
// it allows). No system or global config, no optional locks (a pre-commit hook must not rewrite
// the index while git holds it). Drivers named by .gitattributes are off by flag (PATCH_ARGS).
import { execFile } from 'node:child_process';
import { SourceError } from '../errors.js';

const NEUTRAL_CONFIG = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.quotePath=false',
  '-c',
  'diff.external=',
  '-c',
  'color.ui=false',
  '-c',
  'core.pager=cat',
  '-c',
  'log.showSignature=false',
  '-c',
  'gpg.program=',
  '-c',
  'gpg.openpgp.program=',
  '-c',
  'gpg.x509.program=',
  '-c',
  'gpg.ssh.program=',
  '-c',
  'gpg.ssh.defaultKeyCommand=',
  '-c',
  'credential.helper=',
  '-c',
  'core.askPass=',
  '-c',
  'core.alternateRefsCommand=',
  '-c',
  'protocol.allow=never',
  '-c',
  'gc.auto=0',
  '-c',
  'maintenance.auto=false',
];

/** Environment for git: the caller's, minus anything that points git at other config or repos. */
function neutralEnv(userConfig: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A hook runs with GIT_DIR/GIT_INDEX_FILE set by git itself; keep those, they name the index
  // being committed (e.g. `git commit -a` stages into a temporary index).
  for (const key of ['GIT_CONFIG', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'PAGER']) {
    delete env[key];
  }
  if (!userConfig) {
    env.GIT_CONFIG_NOSYSTEM = '1';
    env.GIT_CONFIG_GLOBAL = '/dev/null';
  }
  env.GIT_OPTIONAL_LOCKS = '0';
  env.GIT_NO_LAZY_FETCH = '1';
  env.GIT_TERMINAL_PROMPT = '0';
  env.LC_ALL = 'C';
  return env;
}

/** How to run git. */
export interface GitRunOptions {
  /**
   * Read the user's global and system config too: for questions about the user's own setup
   * (where hooks live: `core.hooksPath` is often set globally), never for reading content.
   */
  userConfig?: boolean;
  /** Text for git's stdin. */
  input?: string;
}

/**
 * Runs `git <args>` in `cwd` and resolves its stdout.
 * @throws SourceError `GIT_UNAVAILABLE` when git cannot be run, `GIT_COMMAND_FAILED` on a non-zero exit.
 */
export function runGitCommand(args: string[], cwd: string, options: GitRunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = neutralEnv(options.userConfig ?? false);
    const child = execFile(
      'git',
      [...NEUTRAL_CONFIG, ...args],
      { cwd, env, maxBuffer: 1 << 30, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (!err) {
          resolve(stdout);
          return;
        }
        const e = err as NodeJS.ErrnoException & { code?: string | number };
        if (e.code === 'ENOENT') {
          reject(new SourceError('GIT_UNAVAILABLE', 'the git binary is needed for this and was not found on PATH', { cwd }));
          return;
        }
        const detail = String(stderr).trim().split('\n').slice(-3).join(' ') || e.message;
        reject(new SourceError('GIT_COMMAND_FAILED', `git ${args[0]} failed in ${cwd}: ${detail}`, { cwd, args }));
      },
    );
    // git may exit before reading its stdin (most commands never read it): a write to the
    // closed pipe then fails with EPIPE, which is of no consequence and must not crash us.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input);
  });
}
