// `credsweep revoke [findings.json | TARGET...]`: shuts off the exposed AWS keys of our accounts.
// Without --apply it only prints the plan. With it, each active long-term key is deactivated and
// the call appended to the audit log; running it again finds them inactive and changes nothing.
// Exit 3 when a key could not be looked up or deactivated (one account denies access, say).
import type { Command } from 'commander';
import type { PlanStep } from '../aws/revoke.js';
import { EXIT } from './exit-code.js';
import { type AwsActionFlags, lookupKeys, withAwsOptions } from './keys-command.js';
import { writeOutput } from './write-output.js';

interface RevokeFlags extends AwsActionFlags {
  apply: boolean;
  auditLog: string;
  json: boolean;
}

function describe(steps: PlanStep[], applied: boolean): string {
  const lines = [applied ? `REVOCATION (${steps.length} key(s))` : `REVOCATION PLAN (${steps.length} key(s)); nothing changes without --apply`];
  for (const s of steps) {
    const where = `${s.account ?? 'account unknown'}${s.user ? ` / ${s.user}` : ''}`;
    const outcome = s.result === 'done' ? 'DEACTIVATED' : s.result === 'failed' ? `FAILED: ${s.error}` : s.action === 'deactivate' ? 'WILL DEACTIVATE' : 'no change';
    lines.push(`  ${s.accessKeyId}  ${where}  ${outcome}`, `      ${s.reason}`);
  }
  const pending = steps.filter((s) => s.action === 'deactivate' && s.result === undefined).length;
  if (!applied && pending > 0) lines.push(`Run again with --apply to deactivate ${pending} key(s).`);
  if (steps.every((s) => s.action === 'none')) lines.push('Nothing to change.');
  return `${lines.join('\n')}\n`;
}

async function runRevoke(inputs: string[], flags: RevokeFlags): Promise<number> {
  const { incomplete, options, problems, accounts, owners } = await lookupKeys(inputs, flags);
  const { applyRevocation, planRevocation } = await import('../aws/revoke.js');
  const steps = planRevocation(owners);
  if (flags.apply) await applyRevocation(steps, accounts, options, flags.auditLog);
  await writeOutput(flags.json ? `${JSON.stringify({ applied: flags.apply, steps, problems }, null, 2)}\n` : describe(steps, flags.apply), undefined);
  for (const p of problems) process.stderr.write(`credsweep revoke: INCOMPLETE: ${p}\n`);
  const partial = incomplete || problems.length > 0 || steps.some((s) => s.result === 'failed') || owners.some((o) => o.problems.length > 0);
  return partial ? EXIT.incomplete : EXIT.clean;
}

/** Adds the `revoke` command to the program. */
export function registerRevokeCommand(program: Command, setExit: (code: number) => void): void {
  withAwsOptions(
    program
      .command('revoke')
      .description('plan, then with --apply carry out, the deactivation of every exposed AWS key of our accounts')
      .argument('[inputs...]', 'JSON reports (scan -f json -o FILE), or targets to scan', ['.']),
  )
    .option('--apply', 'make the changes (default: print the plan only)', false)
    .option('--audit-log <file>', 'JSON lines log of every change made (appended, mode 0600)', 'credsweep-audit.jsonl')
    .option('--json', 'print the plan and its results as JSON', false)
    .action(async (inputs: string[], flags: RevokeFlags) => setExit(await runRevoke(inputs, flags)));
}
