// `credsweep rules list` and `credsweep rules check`: see what runs, and lint rule files the
// way the test suite does (every example found, every negative example not).
import type { Command } from 'commander';
import { loadRuleSet } from './load-rules.js';
import { writeOutput } from './write-output.js';

interface RulesFlags {
  rules: string[];
  builtinRules: boolean;
  json?: boolean;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** Adds `rules list` and `rules check` to the program. */
export function registerRulesCommand(program: Command, setExit: (code: number) => void): void {
  const rules = program.command('rules').description('list or check detection rules');
  rules
    .command('list')
    .description('list the rules a scan would run')
    .option('--rules <path...>', 'extra rule files or directories', [])
    .option('--no-builtin-rules', 'only the rules given with --rules')
    .option('--json', 'print JSON')
    .action(async (flags: RulesFlags) => {
      const set = await loadRuleSet(flags.rules, flags.builtinRules);
      if (flags.json) {
        const rows = set.map(({ id, name, kind, severity, confidence, keywords, references }) => ({
          id,
          name,
          kind,
          severity,
          confidence,
          keywords,
          references,
        }));
        await writeOutput(`${JSON.stringify(rows, null, 2)}\n`, undefined);
        return;
      }
      const width = Math.max(...set.map((r) => r.id.length)) + 2;
      const lines = set.map((r) => `${pad(r.id, width)}${pad(r.kind, 8)}${pad(r.severity, 10)}${r.name}`);
      await writeOutput(`${lines.join('\n')}\n${set.length} rules\n`, undefined);
    });
  rules
    .command('check')
    .description('check rules: unique ids, RE2 patterns, every example found, no negative example found')
    .option('--rules <path...>', 'extra rule files or directories', [])
    .option('--no-builtin-rules', 'only the rules given with --rules')
    .action(async (flags: RulesFlags) => {
      // Imported here: the checker and the rule loader pull in the YAML parser, which a scan's
      // start should not pay for. Every problem of every rule in one run: files and rules that
      // do not load are reported and the rest still checked.
      const { checkRules } = await import('../detect/rule-check.js');
      const { loadBuiltinRules, loadRuleFilesForCheck } = await import('../detect/rule-load.js');
      const loaded = loadRuleFilesForCheck(flags.rules);
      const set = [...(flags.builtinRules ? loadBuiltinRules() : []), ...loaded.rules];
      const lines = [
        ...loaded.problems.map((p) => p.message),
        ...checkRules(set).map(
          (p) => `${p.file}: ${p.ruleId}: ${p.message}${p.example === undefined ? '' : `\n    example: ${p.example}`}`,
        ),
      ];
      for (const line of lines) process.stderr.write(`${line}\n`);
      process.stdout.write(`${set.length} rules checked, ${lines.length} problem(s)\n`);
      setExit(lines.length > 0 ? 1 : 0);
    });
}
