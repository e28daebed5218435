// What a developer stopped by the pre-commit hook reads last: what to do now, concretely, for
// each finding. A hook that only says "no" gets uninstalled; one that says how gets kept. File
// names come from the repository: their control characters are shown escaped.
import { sanitizeForTerminal as safe } from '../report/ansi.js';
import type { Finding } from '../types.js';

/** The advice printed after a `scan --staged` that found secrets. */
export function stagedAdvice(findings: readonly Finding[], stopped: 'commit' | 'push' = 'commit'): string {
  const secrets = findings.filter((f) => f.kind === 'secret');
  if (secrets.length === 0) return '';
  const places = secrets.map(
    (f) =>
      `  ${safe(f.file ?? '<unknown>')}${f.line > 0 ? `:${f.line}` : ''}  ${safe(f.rule)}${f.commit ? `  commit ${f.commit.slice(0, 12)}` : ''}  id ${f.id}`,
  );
  return [
    '',
    `credsweep: ${stopped} stopped, ${secrets.length === 1 ? 'a secret' : `${secrets.length} secrets`} would be ${stopped === 'commit' ? 'committed' : 'pushed'}:`,
    ...places,
    'What to do:',
    ...(stopped === 'commit'
      ? [
          '  1. Take the secret out of the file (read it from the environment or a secret manager instead),',
          '     then `git add` the file again. `git restore --staged <file>` unstages a file entirely.',
        ]
      : [
          '  1. Take the secret out of the commits being pushed: amend the last commit, or',
          '     `git rebase -i` to edit the commit that added it, then push again.',
        ]),
    '  2. If the secret was ever pushed or shared, revoke and replace it: removing it is not enough.',
    'A false positive? Either',
    '  - add a comment containing `credsweep:allow` on that line, or',
    '  - add its id to .credsweepignore (e.g. `echo <id> >> .credsweepignore`) and stage that file, or',
    '  - add it to the baseline file.',
    `To skip this check once: \`git ${stopped} --no-verify\`.`,
    '',
  ].join('\n');
}
