// What to do after a scan that found secrets, at the end of the text report: a list of findings
// leaves a responder asking "now what?", and the answers are other credsweep commands.
import type { Finding } from '../types.js';
import type { Paint } from './ansi.js';

/** The next-steps lines for `findings`; none when no secret was found. */
export function renderNextSteps(findings: readonly Finding[], paint: Paint): string[] {
  const secrets = findings.filter((f) => f.kind === 'secret');
  if (secrets.length === 0) return [];
  const aws = secrets.some((f) => f.rule.startsWith('aws.'));
  const steps = [
    'Save the findings for the commands below: credsweep scan … -f json -o findings.json',
    ...(aws
      ? [
          'Who owns each AWS key, and whether it is active: credsweep keys findings.json',
          'Shut the keys off (plan first, then --apply): credsweep revoke findings.json',
        ]
      : []),
    'Incident report for your lead (timeline, who pulled the code, actions): credsweep report findings.json -o incident.html',
    'Rotate every other secret at its provider: taking it out of git does not make it safe again.',
    'A false positive: add `credsweep:allow` on its line, or its id to .credsweepignore.',
  ];
  return ['', paint('bold', 'Next steps'), ...steps.map((s) => `  - ${s}`)];
}
